"""Write the two bundled sample PDFs into ``raw/samples/`` (or a folder given on the command line).

The samples are made here rather than downloaded so that their text is ours and
their layout is known: a single-column think-tank report and a two-column
journal article, the two shapes of PDF that the pipeline has to read. Only
reportlab's built-in fonts are used, so nothing is fetched, and every document
is built with ``invariant=1`` so that re-running the script rewrites the same
bytes (no timestamps, no random document ids) and leaves git clean.

Usage::

    python scripts/make_sample_pdfs.py [OUTPUT_DIR]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

rl_config.invariant = 1  # belt and braces: also set per document below

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "raw" / "samples"
PAGE_W, PAGE_H = A4


# --------------------------------------------------------------------------
# (a) water-security-report.pdf: a single-column think-tank report
# --------------------------------------------------------------------------

REPORT_TITLE = "Water Security in the Aral Basin: Outlook to 2030"
REPORT_AUTHORS = "Helena Varga and Jonas Abelsen"
REPORT_INSTITUTE = "Meridian Policy Institute, Geneva"
REPORT_SERIES = "Policy Report No. 14"
REPORT_DATE = "November 2024"

# Each entry is (kind, text); kind is "h" for a heading, "p" for a paragraph,
# "li" for a numbered recommendation, "tl" for a line of the timeline box.
REPORT_BODY = [
    ("h", "Executive summary"),
    (
        "p",
        "Five years after the Central Asian Rivers Commission (CARC) was set up, the countries of the "
        "Aral basin share more information about their rivers than at any time since independence. The "
        "Tashkent Declaration of 14 March 2024 and the Basin Early Warning Network, launched on 3 October "
        "2024, are real achievements. They do not, however, answer the harder question of how a shrinking "
        "supply of water will be divided among a growing population. This report reviews the commission's "
        "record, sets out the main risks to 2030 and makes five recommendations to member governments "
        "and their partners.",
    ),
    ("h", "1. Background"),
    (
        "p",
        "The modern water problems of the region began in the 1960s, when Soviet planners expanded "
        "irrigated cotton farming along the Amu Darya and the Syr Darya. So much water was taken from the "
        "two rivers that the Aral Sea, once one of the largest lakes in the world, began to shrink. When "
        "Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan became independent in 1991, they "
        "inherited canals, dams and reservoirs that had been designed as a single system but were now "
        "divided by national borders.",
    ),
    (
        "p",
        "For almost three decades, cooperation rested on annual bargaining over water releases and "
        "energy supplies. Upstream Kyrgyzstan and Tajikistan wanted to store water in summer and release "
        "it in winter to produce electricity; downstream Uzbekistan, Turkmenistan and Kazakhstan needed "
        "the same water in summer to irrigate their fields. Information about river flows was treated as "
        "a national asset and was rarely shared in full.",
    ),
    ("h", "2. The commission and the Tashkent Declaration"),
    (
        "p",
        "The Almaty Accord, signed in 2019, created the commission and gave it a modest mandate: to collect "
        "data, to host negotiations and to prepare joint studies. In June of that year, the secretariat "
        "opened in Astana. Its first test came in November 2021, when an unusually dry autumn cut flows in "
        "the lower Syr Darya and an emergency meeting ended without agreement. A senior Uzbek official who "
        'took part in the meeting described it to the authors as "a dialogue of the deaf". "Everyone '
        'arrived with different numbers, and everyone was sure that the others were hiding something," '
        "he said.",
    ),
    (
        "p",
        "The following year, the members adopted a voluntary data-sharing protocol. It was followed by "
        "two years of slow technical work and, on 14 March 2024, by the Tashkent Declaration, which made "
        "the exchange of daily readings compulsory and created the early warning network. Speaking at its "
        'launch in October, CARC Secretary-General Timur Abdullaev said: "Six months ago, the ministers '
        'gave us a promise to keep. Today we are keeping it."',
    ),
    (
        "p",
        'Our 2023 report, "Rivers Without Borders", found that around one third of the stations listed in '
        "national registers were out of order. The new network should reduce that gap, but only if the "
        "stations are maintained. In an interview in July 2024, Kazakh Minister of Water Resources Saule "
        'Zhakupova told us that maintenance was "the least glamorous and the most important part of the '
        'whole project".',
    ),
    ("h", "3. What has changed on the ground"),
    (
        "p",
        "For the people who use the rivers, the most visible change is the weekly flood bulletin, first "
        "published on 28 October 2024. District officials in the lower basin now receive forecasts of "
        "water levels three days ahead, in their own language. Dilnoza Yusupova, who chairs a water users' "
        "association near Nukus, said the bulletins had already changed the way farmers plan their "
        'irrigation. "Before, we waited for the canal to fill and hoped. Now we know on Friday what will '
        'arrive on Monday," she said.',
    ),
    (
        "p",
        "Less visible, but just as important, is the change in how officials talk to each other. "
        "Technical staff from the five ministries now meet online every week, and disputes over figures "
        "are settled by checking the same shared database. According to the commission's secretariat, "
        "the number of formal complaints about late or missing data fell from 31 in 2022 to four in the "
        "first nine months of 2024.",
    ),
    ("h", "Box 1. Timeline"),
    ("tl", "<b>2019</b> – The Almaty Accord is signed and the commission is established."),
    ("tl", "<b>June 2019</b> – The secretariat opens in Astana."),
    ("tl", "<b>November 2021</b> – An emergency meeting on the lower Syr Darya ends without agreement."),
    ("tl", "<b>2022</b> – Members adopt a voluntary data-sharing protocol."),
    ("tl", "<b>August 2023</b> – The Eurasian Infrastructure Fund offers to pay for new gauging stations."),
    ("tl", "<b>14 March 2024</b> – The Tashkent Declaration is signed."),
    ("tl", "<b>3 October 2024</b> – The Basin Early Warning Network is launched in Astana."),
    ("tl", "<b>28 October 2024</b> – The first joint flood bulletin is published."),
    ("h", "4. Risks to 2030"),
    (
        "p",
        "Three risks stand out. The first is the loss of glacier ice in the Pamir and Tian Shan "
        "mountains, which feed both rivers. In the short term, faster melting raises summer flows and "
        "the danger of floods; in the longer term, it will reduce the water available in dry years. The "
        "second is demand. The population of the five countries has grown by roughly a third since 2000, "
        "and most of the new jobs in the countryside still depend on irrigation. The third risk lies "
        "outside the commission altogether: Afghanistan, which is not a member, is building a large "
        "irrigation canal that will draw water from the Amu Darya.",
    ),
    (
        "p",
        "None of these risks can be managed by data alone. Early warning systems save lives and money, "
        "as the World Meteorological Organization (WMO) has long argued, but they do not create new "
        "water. The commission will therefore have to move, sooner or later, from sharing information "
        "to sharing decisions.",
    ),
    (
        "p",
        "Institutional risks should not be forgotten either. The commission's budget for 2025 is still "
        "smaller than that of many national water agencies, and its secretariat depends on staff seconded "
        "by member governments. A change of government in any one of the five capitals could slow its "
        "work. The commission has so far avoided the question of what happens when a member fails to "
        "report, and the declaration contains no procedure for disputes other than consultation.",
    ),
    ("h", "5. Recommendations"),
    (
        "li",
        "Member governments should fund the maintenance of gauging stations from their national budgets "
        "and not only from donor grants, starting with the 2025 budget cycle.",
    ),
    (
        "li",
        "The commission should publish its data under an open licence, so that universities and "
        "farmers' associations can use it without asking permission.",
    ),
    (
        "li",
        "The Dushanbe ministerial meeting in April 2025 should open talks on a seasonal allocation "
        "framework for dry years.",
    ),
    ("li", "The commission should invite Afghanistan to take part in technical meetings as an observer."),
    (
        "li",
        "Donors, including the Eurasian Infrastructure Fund (EIF), should tie part of their support to "
        "the training of local technicians.",
    ),
    (
        "p",
        "If these steps are taken, the Tashkent Declaration could become the foundation of a lasting "
        "regime for the basin. If they are not, it risks becoming one more agreement that looked better "
        "on paper than on the river.",
    ),
    ("h", "About the authors"),
    (
        "p",
        "Helena Varga is a senior fellow at the Meridian Policy Institute, where she leads the programme "
        "on water and climate in Eurasia. Jonas Abelsen is a research associate in the same programme. "
        "The authors thank the officials and experts in Almaty, Astana, Bishkek, Dushanbe and Tashkent "
        "who agreed to be interviewed between March and September 2024.",
    ),
]


def _report_styles() -> dict[str, ParagraphStyle]:
    """Styles sized so that the report fills three to four A4 pages, like a real policy brief."""
    body = ParagraphStyle(
        "body", fontName="Times-Roman", fontSize=11.5, leading=16, alignment=TA_JUSTIFY, spaceAfter=8
    )
    return {
        "series": ParagraphStyle(
            "series", fontName="Helvetica", fontSize=10, leading=13, textColor="#4a6a8a", spaceAfter=14
        ),
        "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=22, leading=27, spaceAfter=14),
        "authors": ParagraphStyle("authors", fontName="Helvetica", fontSize=12, leading=16),
        "meta": ParagraphStyle(
            "meta", fontName="Helvetica", fontSize=10, leading=14, textColor="#555555", spaceAfter=28
        ),
        "h": ParagraphStyle(
            "h",
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=17,
            spaceBefore=12,
            spaceAfter=6,
            textColor="#1f3b57",
        ),
        "p": body,
        "li": ParagraphStyle("li", parent=body, leftIndent=18, bulletIndent=4),
        "tl": ParagraphStyle(
            "tl",
            fontName="Helvetica",
            fontSize=9.5,
            leading=13,
            leftIndent=12,
            spaceAfter=2,
            textColor="#1f3b57",
        ),
    }


def _report_footer(canvas, doc) -> None:
    """The running footer that a text extractor must learn to drop from the body."""
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor("#555555")
    canvas.line(25 * mm, 18 * mm, PAGE_W - 25 * mm, 18 * mm)
    canvas.drawString(25 * mm, 13 * mm, f"Meridian Policy Institute | {REPORT_SERIES}")
    canvas.drawRightString(PAGE_W - 25 * mm, 13 * mm, f"Page {doc.page}")
    canvas.restoreState()


def build_report(path: Path) -> None:
    styles = _report_styles()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=28 * mm,
        invariant=1,
        title=REPORT_TITLE,
        author=REPORT_AUTHORS,
        subject=REPORT_SERIES,
        creator="dossier scripts/make_sample_pdfs.py",
        producer="ReportLab",
    )
    story = [
        Paragraph(f"{REPORT_SERIES} · {REPORT_INSTITUTE}", styles["series"]),
        Paragraph(REPORT_TITLE, styles["title"]),
        Paragraph(REPORT_AUTHORS, styles["authors"]),
        Paragraph(REPORT_DATE, styles["meta"]),
        Spacer(1, 10 * mm),
    ]
    number = 0
    for kind, text in REPORT_BODY:
        if kind == "li":
            number += 1
            story.append(Paragraph(text, styles["li"], bulletText=f"{number}."))
        else:
            story.append(Paragraph(text, styles[kind]))
    doc.build(story, onFirstPage=_report_footer, onLaterPages=_report_footer)


# --------------------------------------------------------------------------
# (b) journal-transboundary-rivers.pdf: a two-column journal article
# --------------------------------------------------------------------------

JOURNAL = "Journal of Transboundary Water Affairs"
VOLUME, ISSUE, YEAR = 7, 2, 2024
FIRST_PAGE = 113
ARTICLE_TITLE = "From Protocol to Declaration: Data Sharing in the Central Asian Rivers Commission, 2019–2024"
SHORT_TITLE = "From Protocol to Declaration"
AUTHOR = "Nodira Karimova"
AFFILIATION = "Department of International Relations, Samarkand Institute of Public Policy, Uzbekistan"
RECEIVED, ACCEPTED = "5.3.2024", "20.4.2024"

ABSTRACT = (
    "This article traces how the five member states of the Central Asian Rivers Commission (CARC) moved "
    "from guarding their river data to sharing it every day. Drawing on commission documents, public "
    "statements and interviews with officials, it follows the process from the Almaty Accord of 2019 "
    "through the drought of November 2021 and the voluntary protocol of 2022 to the Tashkent Declaration "
    "of March 2024. It argues that outside funding, the energy interests of upstream states and a series "
    "of climate shocks made transparency cheaper than secrecy. The case suggests that data sharing can be "
    "built before agreement on the allocation of water, but cannot replace it."
)
KEYWORDS = "Central Asia, transboundary rivers, data sharing, water diplomacy, Amu Darya, Syr Darya"

# (kind, text): "h" heading, "p" paragraph.
JOURNAL_BODY = [
    ("h", "1. Introduction"),
    (
        "p",
        "Few resources are as contested in Central Asia as the water of its two great rivers. The Amu Darya "
        "and the Syr Darya rise in the mountains of Tajikistan and Kyrgyzstan and flow across the plains of "
        "Uzbekistan, Turkmenistan and Kazakhstan towards what remains of the Aral Sea. Since the five "
        "states became independent in 1991, their governments have negotiated over water releases almost "
        "every year, usually in exchange for energy or other goods. These negotiations have often been "
        "slowed by a simple problem: the parties did not agree on how much water there was.",
    ),
    (
        "p",
        "This article examines how that problem was addressed by the Central Asian Rivers Commission "
        "(CARC), a small intergovernmental body created in 2019. In five years, the commission moved its "
        "members from occasional and partial exchanges of information to a binding commitment to publish "
        "daily river data. On 14 March 2024, ministers of the five states signed the Tashkent "
        "Declaration, which also created a joint flood warning network. How, and why, did governments "
        "that had long treated river data as a state secret agree to give it away?",
    ),
    (
        "p",
        "The analysis draws on the commission's published documents, on statements by the governments "
        "concerned and on 24 interviews with officials, engineers and diplomats conducted in Almaty, "
        "Astana, Bishkek and Tashkent between March 2023 and January 2024. Interviewees are not named "
        "unless they spoke on the record; quotations from public speeches are given with their dates.",
    ),
    (
        "p",
        "The article proceeds in four steps. Section 2 reviews the literature on information exchange in "
        "international river basins. Section 3 describes the first years of the commission, and Section 4 "
        "follows the road from the 2022 protocol to the Tashkent Declaration. Section 5 discusses the "
        "factors that explain the change and the limits of what has been achieved.",
    ),
    ("h", "2. Data sharing in transboundary basins"),
    (
        "p",
        "Studies of international rivers have long recognised that the exchange of data is both a "
        "technical and a political act (Berndt, 2017; Osei and Lund, 2020). Data on flows and reservoir "
        "levels shape the options available to negotiators, and the party that controls them gains an "
        "advantage. Upstream states, which usually host the measuring stations, therefore have little "
        "reason to share information unless they receive something in return.",
    ),
    (
        "p",
        "Three kinds of incentive are discussed in the literature. The first is external funding: donors "
        "frequently make support for monitoring conditional on the publication of results (Marchetti, "
        "2019). The second is linkage to other issues, such as trade in electricity (Osei and Lund, 2020). "
        "The third is shared exposure to natural hazards, which can make cooperation valuable to all "
        "parties at once (Havel, 2021). Few studies, however, have followed a single basin organisation "
        "closely enough to see how these incentives interact over time.",
    ),
    (
        "p",
        "The Central Asian literature adds a regional dimension. Writing before the commission existed, "
        "Ishida (2018) described the Syr Darya as a basin where every dam was also a diplomatic message, "
        "and Vance (2016) warned that better measurement might simply give each side better arguments. "
        "More recent work has been more hopeful. Tursunov (2022) argued that the Almaty Accord, for all its "
        "weaknesses, gave the region its first permanent forum for technical cooperation since 1991.",
    ),
    ("h", "3. The first years of the commission (2019–2021)"),
    (
        "p",
        "The Almaty Accord, which created the commission, was signed in 2019 after two years of "
        "preparatory talks. In June of that year, a secretariat of eleven staff opened in Astana. The "
        'accord gave the commission a mandate to "collect, verify and disseminate" hydrological data, but '
        "it left the details to later agreements and provided almost no money. In its first annual report, "
        'the secretariat noted that it received "complete and timely data from none of the five member '
        'states" (CARC, 2020).',
    ),
    (
        "p",
        "The weakness of the arrangement became visible in November 2021. After an unusually dry autumn, "
        "flows in the lower Syr Darya fell well below their seasonal average, and farmers in southern "
        "Kazakhstan lost part of their harvest. Kazakh officials accused upstream operators of holding back "
        "water; Kyrgyz officials replied that inflows to their reservoirs had also fallen. An emergency "
        "meeting of the commission in Tashkent ended without agreement. One participant later recalled that "
        '"every delegation had its own table of figures, and no two tables matched" (interview, Astana, '
        "May 2023).",
    ),
    (
        "p",
        "The episode was widely reported as a failure of the commission. In retrospect, it also marked a "
        "turning point. Kazakhstan's then Deputy Minister of Ecology, Saule Zhakupova, argued in a speech in "
        'December 2021 that the region had reached the limits of what she called "diplomacy by '
        'spreadsheet". "We spent three days arguing about whose numbers were right and no time at all on '
        'what to do about them," she said.',
    ),
    ("h", "4. From the 2022 protocol to the Tashkent Declaration"),
    (
        "p",
        "The following year, the members adopted a voluntary data-sharing protocol. It asked each state to "
        "report weekly readings from an agreed list of stations, and it created a technical working group "
        "to harmonise measurement methods. Compliance was uneven. According to the secretariat, only two "
        "states reported regularly in the first six months, and several stations on the list turned out to "
        "be out of service (CARC, 2023).",
    ),
    (
        "p",
        "Two developments changed the calculation of the upstream states. In August 2023, the Eurasian "
        "Infrastructure Fund (EIF) offered to finance new automatic gauging stations across the basin, on "
        "condition that their readings be published. At almost the same time, Tajikistan began "
        "negotiating long-term electricity exports to its neighbours. Tajik Energy Minister Farrukh "
        'Rahimzoda told parliament in October 2023 that buyers "will not sign for ten years if they cannot '
        'see the river". Shared data had become an asset for selling power rather than a risk.',
    ),
    (
        "p",
        "Climate shocks added pressure from the other direction. Record glacier melt in the summer of 2022 "
        "caused floods in the Vakhsh valley, and Tajikistan asked its neighbours for help with forecasting. "
        "Two years later, the Tashkent Declaration was signed. It obliges each state to publish daily "
        "readings from its main stations and to notify the others at least 72 hours before any reservoir "
        "release that could raise water levels downstream. In the words of the final communiqué, the "
        'parties undertook to "settle disagreements through the commission, not through the press".',
    ),
    (
        "p",
        "The negotiations themselves were short. Drafts circulated among the five capitals from January "
        "2024, and the main points of difference concerned the length of notice before reservoir releases "
        "and the language of the bulletins. Kyrgyz negotiators first proposed 24 hours of notice; the "
        "downstream states asked for a week. The compromise of 72 hours was reached at a meeting of deputy "
        "ministers in Bishkek in February 2024. According to two participants, the decisive moment came "
        "when the EIF confirmed that it would also pay for the training of station staff.",
    ),
    (
        "p",
        "The declaration was welcomed by Uzbek Foreign Minister Rustam Nazarov, who chaired the meeting, "
        'as "historic". Observers were more cautious. A report by the Meridian Policy Institute, '
        '"Rivers Without Borders", had found a year earlier that about one third of registered stations '
        "were out of order (Abelsen and Varga, 2023).",
    ),
    (
        "p",
        "The practical arrangements agreed in Tashkent deserve attention, because they show how far the "
        "parties were willing to go. Bulletins are to be issued in the six national languages of the "
        "region and in English, and each government keeps the right to add its own commentary. The "
        "secretariat may publish a reading only after the national agency that owns it has checked it, "
        "but if no check arrives within six hours the reading is published anyway, with a note. This last "
        'rule, insisted on by the downstream states, was described by a Kazakh negotiator as "the most '
        'important six hours in the whole text" (interview, Astana, January 2024).',
    ),
    ("h", "5. Discussion"),
    (
        "p",
        "The Central Asian case supports the view that several incentives must act together before upstream "
        "states share data willingly. Funding from the EIF lowered the cost of monitoring; the prospect of "
        "electricity exports gave Tajikistan and Kyrgyzstan a positive reason to be transparent; and the "
        "events of 2021 and 2022 showed every government that it could be harmed by the lack of shared "
        "information. None of these factors alone would probably have been enough.",
    ),
    (
        "p",
        "The limits of the agreement are equally clear. The declaration says nothing about how water is to "
        'be divided in a dry year, and the so-called "water-energy nexus" remains unresolved. Sharing data '
        "may make the next dispute shorter and less bitter, but it will not prevent it. There is also a "
        "question of durability: many of the new stations depend on donor money, and the commission has "
        "not yet shown that its members will pay to maintain them.",
    ),
    (
        "p",
        "Comparison with other basins is instructive. In several river systems elsewhere, joint "
        "monitoring began with flood warning, where the benefits are immediate and shared, and only later "
        "extended to the more divisive questions of allocation and storage (Havel, 2021). The Central Asian "
        "commission appears to be following the same sequence. Whether it continues along that path will "
        "depend less on engineers than on finance ministries, which must decide whether to take over the "
        "costs that donors now carry.",
    ),
    (
        "p",
        "Two further questions are left for future research. The first is whether shared data changes the "
        "behaviour of reservoir operators, or only the tone of the discussions about them; answering it "
        "will require several years of bulletins. The second is whether Afghanistan, which shares the Amu "
        "Darya but is not a member of the commission, can be drawn into the exchange of information. A "
        "basin-wide system that leaves out one of the riparian states will always be incomplete.",
    ),
    ("h", "6. Conclusion"),
    (
        "p",
        "Between 2019 and 2024, the member states of the Central Asian Rivers Commission built a system of "
        "data sharing that few observers would have predicted after the failure of November 2021. The "
        "experience shows that transparency can come before agreement on allocation, and may even prepare "
        "the ground for it. Whether the commission can take the next step will become clear at the "
        "ministerial meeting planned in Dushanbe in 2025.",
    ),
]

ACKNOWLEDGEMENTS = (
    "The author thanks the staff of the commission's secretariat for access to its archive, and two anonymous "
    "reviewers for their comments on an earlier draft. The fieldwork in 2023 was supported by a small grant "
    "from the Samarkand Institute of Public Policy. The author declares no conflict of interest."
)

REFERENCES = [
    "Abelsen, J. and Varga, H. (2023). Rivers Without Borders: Monitoring Gaps in the Aral Basin. Policy "
    "Report No. 11. Geneva: Meridian Policy Institute.",
    "Berndt, C. (2017). Counting the river: information exchange in international basins. Water Governance "
    "Review, 9(2), 77–95.",
    "CARC (2020). First Annual Report of the Secretariat. Astana: Central Asian Rivers Commission.",
    "CARC (2023). Implementation of the Data-Sharing Protocol: Progress Report. Astana: Central Asian Rivers "
    "Commission.",
    "Havel, M. (2021). Floods, droughts and the politics of shared risk. Journal of Transboundary Water "
    "Affairs, 4(1), 12–31.",
    "Ishida, K. (2018). Dams and dialogue in the Syr Darya basin. Asian Environmental Policy, 22(4), 301–318.",
    "Marchetti, L. (2019). Conditional aid and hydrological transparency. Development and Resources, 15(3), "
    "140–158.",
    "Osei, A. and Lund, P. (2020). Issue linkage in river negotiations: water for power. International "
    "Negotiation Studies, 11(1), 55–80.",
    "Tursunov, B. (2022). The Almaty Accord and its critics. Central Eurasian Affairs, 6(2), 88–104.",
    "Vance, R. (2016). Measuring flows, measuring power. Cambridge Water Papers, 3, 1–24.",
]


def _journal_styles() -> dict[str, ParagraphStyle]:
    """Journal typography: small justified serif text in narrow columns."""
    body = ParagraphStyle(
        "body",
        fontName="Times-Roman",
        fontSize=11,
        leading=15,
        alignment=TA_JUSTIFY,
        firstLineIndent=12,
        spaceAfter=2,
    )
    return {
        "title": ParagraphStyle(
            "title", fontName="Helvetica-Bold", fontSize=17, leading=21, alignment=TA_CENTER, spaceAfter=10
        ),
        "author": ParagraphStyle(
            "author", fontName="Helvetica", fontSize=11, leading=14, alignment=TA_CENTER, spaceAfter=2
        ),
        "affil": ParagraphStyle(
            "affil", fontName="Times-Italic", fontSize=9.5, leading=12, alignment=TA_CENTER, spaceAfter=12
        ),
        "abstract": ParagraphStyle(
            "abstract",
            fontName="Times-Roman",
            fontSize=9.5,
            leading=12.5,
            alignment=TA_JUSTIFY,
            leftIndent=24,
            rightIndent=24,
            spaceAfter=6,
        ),
        "h": ParagraphStyle(
            "h",
            fontName="Helvetica-Bold",
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            alignment=TA_LEFT,
        ),
        "p": body,
        "ref": ParagraphStyle(
            "ref",
            fontName="Times-Roman",
            fontSize=8.5,
            leading=11,
            alignment=TA_LEFT,
            leftIndent=12,
            firstLineIndent=-12,
            spaceAfter=3,
        ),
    }


# Geometry of the journal page, in points.
J_MARGIN = 60
J_GUTTER = 18
J_COL_W = (PAGE_W - 2 * J_MARGIN - J_GUTTER) / 2
J_BODY_TOP = PAGE_H - 72
J_BODY_BOTTOM = 64
J_TITLE_H = 300  # full-width title block on page 1
J_FOOTNOTE_H = 62  # space kept free for the author footnote on page 1


def _journal_frames(first: bool) -> list[Frame]:
    """Two columns; on page 1 they sit below the title block and above the footnote."""
    top = J_BODY_TOP - (J_TITLE_H if first else 0)
    bottom = J_BODY_BOTTOM + (J_FOOTNOTE_H if first else 0)
    frames = []
    if first:
        frames.append(
            Frame(
                J_MARGIN,
                top,
                PAGE_W - 2 * J_MARGIN,
                J_TITLE_H,
                id="title",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
        )
    for i in range(2):
        x = J_MARGIN + i * (J_COL_W + J_GUTTER)
        frames.append(
            Frame(
                x,
                bottom,
                J_COL_W,
                top - bottom,
                id=f"col{i + 1}",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
        )
    return frames


def _journal_page(canvas, doc) -> None:
    """Running header (journal, volume, issue) and the printed page number, on every page."""
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor("#333333")
    y = PAGE_H - 46
    canvas.drawString(J_MARGIN, y, f"{JOURNAL} · Volume {VOLUME} Issue {ISSUE} · {YEAR}")
    running = AUTHOR.upper() if doc.page % 2 == 0 else SHORT_TITLE
    canvas.drawRightString(PAGE_W - J_MARGIN, y, running)
    canvas.setLineWidth(0.5)
    canvas.line(J_MARGIN, y - 5, PAGE_W - J_MARGIN, y - 5)
    canvas.setFont("Helvetica", 9)
    number = str(FIRST_PAGE + doc.page - 1)
    if doc.page % 2:  # printed page numbers sit at the outer edge, as in a bound issue
        canvas.drawRightString(PAGE_W - J_MARGIN, 36, number)
    else:
        canvas.drawString(J_MARGIN, 36, number)
    canvas.restoreState()


def _journal_first_page(canvas, doc) -> None:
    """Page 1 also carries the author footnote with the received and accepted dates."""
    _journal_page(canvas, doc)
    last_page = FIRST_PAGE + doc._sample_page_count - 1
    lines = [
        f"* Associate Professor, {AFFILIATION}. E-mail: n.karimova@sipp.example.uz",
        f"Received: {RECEIVED} Accepted: {ACCEPTED}",
        f"How to cite: Karimova, N. ({YEAR}). {SHORT_TITLE}: Data Sharing in the Central Asian Rivers "
        f"Commission, 2019–2024.",
        f"{JOURNAL}, {VOLUME}({ISSUE}), {FIRST_PAGE}–{last_page}.",
    ]
    canvas.saveState()
    top = J_BODY_BOTTOM + J_FOOTNOTE_H - 10
    canvas.setLineWidth(0.5)
    canvas.line(J_MARGIN, top, J_MARGIN + 120, top)
    canvas.setFont("Times-Roman", 7.5)
    for i, line in enumerate(lines):
        canvas.drawString(J_MARGIN, top - 11 - i * 9.5, line)
    canvas.restoreState()


def _journal_story() -> list:
    styles = _journal_styles()
    story = [
        Paragraph(ARTICLE_TITLE, styles["title"]),
        Paragraph(f"{AUTHOR}<super>*</super>", styles["author"]),
        Paragraph(AFFILIATION, styles["affil"]),
        Paragraph(f"<b>ABSTRACT</b> {ABSTRACT}", styles["abstract"]),
        Paragraph(f"<b>Keywords:</b> {KEYWORDS}", styles["abstract"]),
        NextPageTemplate("later"),
        FrameBreak(),
    ]
    for kind, text in JOURNAL_BODY:
        story.append(Paragraph(text, styles[kind]))
    story.append(Paragraph("Acknowledgements", styles["h"]))
    story.append(Paragraph(ACKNOWLEDGEMENTS, styles["p"]))
    story.append(Paragraph("References", styles["h"]))
    story.extend(Paragraph(ref, styles["ref"]) for ref in REFERENCES)
    return story


def _build_journal_once(target, page_count: int) -> int:
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        invariant=1,
        title=ARTICLE_TITLE,
        author=AUTHOR,
        subject=f"{JOURNAL} {VOLUME}({ISSUE})",
        creator="dossier scripts/make_sample_pdfs.py",
        producer="ReportLab",
    )
    doc._sample_page_count = page_count
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=_journal_frames(first=True), onPage=_journal_first_page),
            PageTemplate(id="later", frames=_journal_frames(first=False), onPage=_journal_page),
        ]
    )
    doc.build(_journal_story())
    return doc.page


def build_journal(path: Path) -> None:
    """Two passes: the first counts pages so the footnote can print the article's page range."""
    pages = _build_journal_once(io.BytesIO(), page_count=1)
    _build_journal_once(str(path), page_count=pages)


def build_damaged(source: Path, path: Path) -> None:
    """A download cut off part-way: the demo shows it recorded in ingest_errors, the rest loaded."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    build_report(out / "water-security-report.pdf")
    build_journal(out / "journal-transboundary-rivers.pdf")
    build_damaged(out / "water-security-report.pdf", out / "damaged-download.pdf")
    print(
        f"wrote {out / 'water-security-report.pdf'}, {out / 'journal-transboundary-rivers.pdf'} "
        f"and {out / 'damaged-download.pdf'}"
    )


if __name__ == "__main__":
    main(sys.argv)
