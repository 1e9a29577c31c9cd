"""Every question in docs/queries.md is answered by its SQL on the sample warehouse.

The document is the analysts' starting point, so a query that stops running (a
renamed column) or stops finding anything (an extractor change) must fail here,
not in front of an analyst.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers.paths import REPO
from tests.helpers.sample_warehouse import sample_warehouse
from warehouse import db, queries

DOC = REPO / "docs" / "queries.md"
_QUESTION = re.compile(r"^## (\d+)\. (.+?)$(.*?)^```sql\n(.*?)^```", re.S | re.M)


def documented_queries() -> list[tuple[str, str]]:
    """(numbered question, SQL) for every question heading followed by its ```sql block."""
    return [
        (f"{m.group(1)}. {m.group(2).strip()}", m.group(4))
        for m in _QUESTION.finditer(DOC.read_text("utf-8"))
    ]


@pytest.fixture(scope="module")
def con(tmp_path_factory, nlp):
    with db.connect(sample_warehouse(tmp_path_factory, nlp), read_only=True) as connection:
        yield connection


QUERIES = documented_queries()


def test_the_document_asks_ten_numbered_questions():
    numbers = [int(question.split(".")[0]) for question, _ in QUERIES]
    assert numbers == list(range(1, 11))


@pytest.mark.parametrize(("question", "sql"), QUERIES, ids=[f"q{q.split('.')[0]}" for q, _ in QUERIES])
def test_documented_query_answers_its_question_on_the_samples(con, question, sql):
    columns, rows = queries.run(con, sql)
    assert columns, question
    assert rows, f"no rows for: {question}"
