"""Build the hold-out reports (``1NN_*.txt``, ``gold.jsonl``, ``entities.json``) from marked-up text.

The reports are fictional and were written without looking at Threadline's output on them, to
measure how extraction does on names, places and phrasings the rules were never tuned on.
Markup: ``[[surface|LABEL|entity_id]]`` marks one gold span; everything else is plain text.
Relations give their evidence as an exact substring of the plain text. Run from the repo root:
``.venv/bin/python tests/data/holdout/build.py`` (it checks every offset and evidence passage).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\|([^\]]+)\]\]", re.S)

ROLES = {
    "P_courtney_malcolm": "suspect",
    "P_yolanda_grant": "suspect",
    "P_sheldon_bryan": "suspect",
    "P_fabian_lindo": "suspect",
    "P_jermaine_wong": "suspect",
    "P_carlos_mendoza": "suspect",
    "P_ingrid_martina": "suspect",
    "P_trevor_mckenzie": "suspect",
    "P_kadian_malcolm": "victim",
    "P_shantel_hibbert": "victim",
    "P_tiffany_clarke": "victim",
    "P_rushane_dixon": "victim",
    "P_oneil_samuels": "victim",
    "P_pearline_hibbert": "witness",
    "P_marcia_levy": "officer",
    "P_horace_chambers": "officer",
    "P_tanya_ricketts": "officer",
    "P_monica_pryce": "other",
    "P_damion_watt": "other",
    "P_audrey_sewell": "other",
}

DOCS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {}

DOCS["101_intel_report.txt"] = (
    """[[JAMAICA CONSTABULARY FORCE|ORG|ORG_jcf]]
[[Counter-Trafficking in Persons Unit|ORG|ORG_ctip]] - INTELLIGENCE REPORT

Report No.: CTIP/SC/2023/041
Date: 14/07/2023
Officer: Det. Cpl. [[Marcia Levy|PERSON|P_marcia_levy]]
Grading: B2
Case Ref: CR-2023-0218

Subject: [[Pelican Reef Lounge|LOCATION|L_pelican_reef_lounge]], [[Savanna-la-Mar|LOCATION|L_savanna_la_mar]], \
[[Westmoreland|LOCATION|L_westmoreland]]

1. Source reports that [[Courtney "Scrappy" MALCOLM|PERSON|P_courtney_malcolm]] (DOB 03/11/1981, TRN 117-402-683) \
of [[Mandeville|LOCATION|L_mandeville]] runs the [[Pelican Reef Lounge|LOCATION|L_pelican_reef_lounge]] on \
[[Great George Street|LOCATION|L_great_george_street]], [[Savanna-la-Mar|LOCATION|L_savanna_la_mar]]. \
[[MALCOLM|PERSON|P_courtney_malcolm]] uses [[876-555-0150|PHONE|PH_+18765550150]] and drives a black \
[[Toyota Crown|VEHICLE|V_toyota_crown_4417km]], reg. [[4417 KM|VEHICLE|V_toyota_crown_4417km]].

2. [[Yolanda Grant|PERSON|P_yolanda_grant]], known on the road as "[[Mama Yoyo|PERSON|P_yolanda_grant]]", \
finds young women in [[May Pen|LOCATION|L_may_pen]] and [[Chapelton|LOCATION|L_chapelton]] with offers of bar \
work in [[Panama City|LOCATION|L_panama_city]]. [[Grant|PERSON|P_yolanda_grant]] enticed \
[[Shantel Hibbert|PERSON|P_shantel_hibbert]] (19) with a promise of US$800 a month. Her advert line is \
[[(876) 555-0122|PHONE|PH_+18765550122]].

3. [[Sheldon Bryan|PERSON|P_sheldon_bryan]] ("[[Ratty|PERSON|P_sheldon_bryan]]") of \
[[Old Harbour|LOCATION|L_old_harbour]] moves the women from [[May Pen|LOCATION|L_may_pen]] to the lounge in a \
white [[Nissan Caravan|VEHICLE|V_nissan_caravan_2290pl]], plate [[2290 PL|VEHICLE|V_nissan_caravan_2290pl]]. \
[[Bryan|PERSON|P_sheldon_bryan]] is in regular contact with [[Malcolm|PERSON|P_courtney_malcolm]].

4. [[Fabian Lindo|PERSON|P_fabian_lindo]] pays [[Grant|PERSON|P_yolanda_grant]] J$60,000 for each woman \
delivered. [[Lindo|PERSON|P_fabian_lindo]]'s number is [[876 555 0140|PHONE|PH_+18765550140]].

5. [[Kadian Malcolm|PERSON|P_kadian_malcolm]] (no relation to [[Courtney Malcolm|PERSON|P_courtney_malcolm]]) \
was recruited by [[Grant|PERSON|P_yolanda_grant]] in June and is believed to be held at the lounge.

Assessment: [[MALCOLM|PERSON|P_courtney_malcolm]] is the principal. Request CDR for \
[[876-555-0150|PHONE|PH_+18765550150]] and [[(876) 555-0122|PHONE|PH_+18765550122]].
""",
    [
        ("CONTROLS", "P_courtney_malcolm", "L_pelican_reef_lounge", "Source reports that Courtney"),
        ("USES_PHONE", "P_courtney_malcolm", "PH_+18765550150", "MALCOLM uses 876-555-0150"),
        ("CONTROLS", "P_courtney_malcolm", "V_toyota_crown_4417km", "MALCOLM uses 876-555-0150 and drives a black"),
        ("RECRUITED", "P_yolanda_grant", "P_shantel_hibbert", "enticed Shantel Hibbert (19) with a promise"),
        ("USES_PHONE", "P_yolanda_grant", "PH_+18765550122", "Her advert line is (876) 555-0122."),
        ("CONTROLS", "P_sheldon_bryan", "V_nissan_caravan_2290pl", "moves the women from May Pen to the lounge"),
        ("ASSOCIATE_OF", "P_sheldon_bryan", "P_courtney_malcolm", "Bryan is in regular contact with Malcolm."),
        ("PAID", "P_fabian_lindo", "P_yolanda_grant", "Fabian Lindo pays Grant J$60,000 for each woman delivered."),
        ("USES_PHONE", "P_fabian_lindo", "PH_+18765550140", "Lindo's number is 876 555 0140."),
        ("RECRUITED", "P_yolanda_grant", "P_kadian_malcolm", "was recruited by Grant in June"),
        ("HARBOURED", "P_courtney_malcolm", "P_kadian_malcolm", "is believed to be held at the lounge"),
    ],
)

DOCS["102_tipline_transcript.txt"] = (
    """TIP LINE - CALL TRANSCRIPT (summarised)
Call ref: TL-23-0907
Received: 2023-07-02 at 21:15
Call taker: Cst. [[Tanya Ricketts|PERSON|P_tanya_ricketts]]
Caller: [[Pearline Hibbert|PERSON|P_pearline_hibbert]], [[Chapelton|LOCATION|L_chapelton]], \
[[Clarendon|LOCATION|L_clarendon]]. Call-back number [[876 555 0109|PHONE|PH_+18765550109]].

CALLER: Officer, is my daughter [[Shantel|PERSON|P_shantel_hibbert]]. She gone two months now.
CALL TAKER: What is her full name and age?
CALLER: [[Shantel Hibbert|PERSON|P_shantel_hibbert]], nineteen. One lady name \
[[mama yoyo|PERSON|P_yolanda_grant]] from [[May Pen|LOCATION|L_may_pen]] tell her seh she get her a job inna \
[[Panama|LOCATION|L_panama]].
CALL TAKER: Did anybody call you about her?
CALLER: Yes. A man call me from [[eight seven six, five five five, zero one four zero|PHONE|PH_+18765550140]], and seh \
[[Shantel|PERSON|P_shantel_hibbert]] owe dem money fi di ticket. Him seh him name [[Fabian|PERSON|P_fabian_lindo]].
CALL TAKER: Do you know who took her to the airport?
CALLER: A youth dem call [[ratty|PERSON|P_sheldon_bryan]] drive she and two more girl go a \
[[Norman Manley|LOCATION|L_norman_manley_airport]] inna one white van.
CALLER: Please find my child. My number again is [[876 555 0109|PHONE|PH_+18765550109]].

Action: Logged to CR-2023-0218. Passed to Det. Cpl. [[Levy|PERSON|P_marcia_levy]]. Caller advised to keep \
the number [[eight seven six, five five five, zero one four zero|PHONE|PH_+18765550140]].
""",
    [
        ("RECRUITED", "P_yolanda_grant", "P_shantel_hibbert", "tell her seh she get her a job inna Panama"),
        ("USES_PHONE", "P_fabian_lindo", "PH_+18765550140", "owe dem money fi di ticket. Him seh him name Fabian."),
        ("TRANSPORTED", "P_sheldon_bryan", "P_shantel_hibbert", "drive she and two more girl go a Norman Manley"),
        ("USES_PHONE", "P_pearline_hibbert", "PH_+18765550109", "Call-back number 876 555 0109."),
    ],
)

DOCS["103_whatsapp_advert.txt"] = (
    """[WhatsApp status - forwarded to the tip line, captured 2023-06-11]

🌺🌺 WORK ABROAD 🌺🌺 GIRLS 18-30 ✈️
Bar & lounge hostess 👉 [[Panama City|LOCATION|L_panama_city]] 🇵🇦 and [[Curaçao|LOCATION|L_curacao]] 🇨🇼
💵 US$800 a month + tips, room FREE 🏠
No passport? No problem!! We fix everything 🙏🏾

Ask for [[Mama Yoyo|PERSON|P_yolanda_grant]] 💋 📲 [[876 555
0122|PHONE|PH_+18765550122]] or wa.me/[[18765550122|PHONE|PH_+18765550122]]
Interview Saturday at the [[May Pen|LOCATION|L_may_pen]] clock tower, 10 sharp ⏰

Comments (3):
[[Kadian Malcolm|PERSON|P_kadian_malcolm]]: interested 🙋🏾‍♀️ inbox me
[[Yolanda Grant|PERSON|P_yolanda_grant]]: @[[Kadian Malcolm|PERSON|P_kadian_malcolm]] call mi now babes \
[[+1 876 555 0122|PHONE|PH_+18765550122]]
[[Tiffany Clarke|PERSON|P_tiffany_clarke]]: how old yu have to be?? 🤔
""",
    [
        (
            "USES_PHONE",
            "P_yolanda_grant",
            "PH_+18765550122",
            "Ask for Mama Yoyo 💋 📲 876 555\n0122 or wa.me/18765550122",
        ),
        ("RECRUITED", "P_yolanda_grant", "P_kadian_malcolm", "call mi now babes +1 876 555 0122"),
    ],
)

DOCS["104_victim_interview.txt"] = (
    """VICTIM INTERVIEW - SUMMARY
Interviewee: [[Tiffany Clarke|PERSON|P_tiffany_clarke]] (F, 16), of [[Lucea|LOCATION|L_lucea]], \
[[Hanover|LOCATION|L_hanover]]
Date of interview: 9 August 2023
Location: [[Safe Passage Women's Centre|ORG|ORG_safe_passage]] (address withheld)
Interviewing officer: Det. Cpl. [[Marcia Levy|PERSON|P_marcia_levy]]; support person: Sister \
[[Monica Pryce|PERSON|P_monica_pryce]]
Case No.: CR-2023-0218

Summary (client's words where quoted):
1. [[Tiffany|PERSON|P_tiffany_clarke]] saw the advert on WhatsApp. "[[Mama Yoyo|PERSON|P_yolanda_grant]] \
bring me and [[Kadian|PERSON|P_kadian_malcolm]] go a [[May Pen|LOCATION|L_may_pen]]. She seh the job inna \
[[Curaçao|LOCATION|L_curacao]] pay good."
2. "Next day [[Ratty|PERSON|P_sheldon_bryan]] carry we to [[Sav|LOCATION|L_savanna_la_mar]] in a white van." \
[[Tiffany|PERSON|P_tiffany_clarke]] later picked out [[Sheldon Bryan|PERSON|P_sheldon_bryan]] from photographs.
3. At the lounge a big man they called "[[Sarge|PERSON|P_jermaine_wong]]" took her passport (No. A4471902) and \
locked the girls in a back room every night. [[Tiffany|PERSON|P_tiffany_clarke]] knows him now as \
[[Jermaine Wong|PERSON|P_jermaine_wong]].
4. "[[Scrappy|PERSON|P_courtney_malcolm]] seh mi owe him J$150,000 fi di passport and food. Him mek mi go with \
the man dem inna the car park." [[Tiffany|PERSON|P_tiffany_clarke]] was forced to have sex with customers of the \
[[Pelican Reef|LOCATION|L_pelican_reef_lounge]] for [[Malcolm|PERSON|P_courtney_malcolm]].
5. [[Tiffany|PERSON|P_tiffany_clarke]] escaped on 3 August when a customer let her use his phone; she called \
her aunt in [[Black River|LOCATION|L_black_river]].
""",
    [
        ("RECRUITED", "P_yolanda_grant", "P_tiffany_clarke", "Mama Yoyo bring me and Kadian go a May Pen."),
        ("RECRUITED", "P_yolanda_grant", "P_kadian_malcolm", "Mama Yoyo bring me and Kadian go a May Pen."),
        ("TRANSPORTED", "P_sheldon_bryan", "P_tiffany_clarke", "Next day Ratty carry we to Sav in a white van."),
        (
            "HARBOURED",
            "P_jermaine_wong",
            "P_tiffany_clarke",
            'At the lounge a big man they called "Sarge" took her passport (No. A4471902) and locked the girls in a '
            "back room every night.",
        ),
        (
            "EXPLOITED",
            "P_courtney_malcolm",
            "P_tiffany_clarke",
            "was forced to have sex with customers of the Pelican Reef for Malcolm.",
        ),
        ("CONTROLS", "P_courtney_malcolm", "L_pelican_reef_lounge", "customers of the Pelican Reef for Malcolm"),
    ],
)

DOCS["105_surveillance_log.txt"] = (
    """SURVEILLANCE LOG - OP TAMARIND
Location: [[Pelican Reef Lounge|LOCATION|L_pelican_reef_lounge]], [[Great George Street|LOCATION|\
L_great_george_street]], [[Savanna-la-Mar|LOCATION|L_savanna_la_mar]] - observation from a parked car opposite
Observers: Cst. [[T. Ricketts|PERSON|P_tanya_ricketts]] / Insp. [[H. Chambers|PERSON|P_horace_chambers]]
Date: Saturday 29 July 2023
Ref: SURV-T3

19:50  Lounge open. Approx. 20 patrons.
20:05  Target 1, [[Courtney MALCOLM|PERSON|P_courtney_malcolm]], arrives in black [[Crown|VEHICLE|V_toyota_crown_4417km]] [[4417 KM|VEHICLE|\
V_toyota_crown_4417km]] and enters by side door.
20:40  White [[Caravan|VEHICLE|V_nissan_caravan_2290pl]] [[2290 PL|VEHICLE|V_nissan_caravan_2290pl]] driven by [[BRYAN|PERSON|P_sheldon_bryan]] \
drops three young females at rear gate. One matches [[Kadian MALCOLM|PERSON|P_kadian_malcolm]].
20:42  [[WONG|PERSON|P_jermaine_wong]] escorts the females inside; gate chained behind them.
21:30  [[MALCOLM|PERSON|P_courtney_malcolm]] hands [[BRYAN|PERSON|P_sheldon_bryan]] an envelope at the \
[[Caravan|VEHICLE|V_nissan_caravan_2290pl]].
22:10  [[Fabian LINDO|PERSON|P_fabian_lindo]] arrives on foot, speaks with [[MALCOLM|PERSON|\
P_courtney_malcolm]] 15 min, leaves 22:25 with a bag.
23:55  Observation ends. Females not seen to leave.

Comment: [[WONG|PERSON|P_jermaine_wong]] appears to guard the females for [[MALCOLM|PERSON|P_courtney_malcolm]].
""",
    [
        ("CONTROLS", "P_courtney_malcolm", "V_toyota_crown_4417km", "arrives in black Crown 4417 KM"),
        ("CONTROLS", "P_sheldon_bryan", "V_nissan_caravan_2290pl", "White Caravan 2290 PL driven by BRYAN"),
        (
            "TRANSPORTED",
            "P_sheldon_bryan",
            "P_kadian_malcolm",
            "drops three young females at rear gate. One matches Kadian MALCOLM.",
        ),
        ("PAID", "P_courtney_malcolm", "P_sheldon_bryan", "MALCOLM hands BRYAN an envelope at the Caravan."),
        ("ASSOCIATE_OF", "P_fabian_lindo", "P_courtney_malcolm", "speaks with MALCOLM 15 min"),
        ("ASSOCIATE_OF", "P_jermaine_wong", "P_courtney_malcolm", "appears to guard the females for MALCOLM"),
    ],
)

DOCS["106_ngo_case_notes.txt"] = (
    """[[SAFE PASSAGE WOMEN'S CENTRE|ORG|ORG_safe_passage]]
Case Notes - Client S.H. (SPW-23-112)
Caseworker: [[Monica Pryce|PERSON|P_monica_pryce]]
Date opened: 21 August 2023

Background: [[Shantel Hibbert|PERSON|P_shantel_hibbert]] (19) of [[Chapelton|LOCATION|L_chapelton]] was \
returned from [[Panama City|LOCATION|L_panama_city]] on 19 August 2023 with help from the \
[[IOM|ORG|ORG_iom]]. Her mother [[Pearline|PERSON|P_pearline_hibbert]] met her at \
[[Norman Manley International Airport|LOCATION|L_norman_manley_airport]].

Client account (summary):
- [[Shantel|PERSON|P_shantel_hibbert]] was lured by [[Yolanda Grant|PERSON|P_yolanda_grant]] with the promise \
of a hostess job paying US$800 a month.
- [[Shantel|PERSON|P_shantel_hibbert]] was flown out on a ticket bought by [[Fabian Lindo|PERSON|\
P_fabian_lindo]].
- In [[Panama City|LOCATION|L_panama_city]] she was met at the airport by [[Carlos Mendoza|PERSON|\
P_carlos_mendoza]], who took her passport and forced her to work in his bar. He kept her in a room above it.
- [[Mendoza|PERSON|P_carlos_mendoza]] used [[+1 786 555 0161|PHONE|PH_+17865550161]] and sent money to [[Lindo|PERSON|P_fabian_lindo]] \
by [[MoneyGram|ORG|ORG_moneygram]] (MTCN 4820193756).
- [[Shantel|PERSON|P_shantel_hibbert]] says another Jamaican girl was sent on to \
[[Curaçao|LOCATION|L_curacao]], to a woman called [[Ingrid Martina|PERSON|P_ingrid_martina]].

Plan: counselling; referral to [[CPFSA|ORG|ORG_cpfsa]] not needed (client is an adult).
""",
    [
        ("RECRUITED", "P_yolanda_grant", "P_shantel_hibbert", "was lured by Yolanda Grant with the promise"),
        ("TRANSPORTED", "P_fabian_lindo", "P_shantel_hibbert", "was flown out on a ticket bought by Fabian Lindo."),
        ("RECEIVED", "P_carlos_mendoza", "P_shantel_hibbert", "she was met at the airport by Carlos Mendoza"),
        ("EXPLOITED", "P_carlos_mendoza", "P_shantel_hibbert", "took her passport and forced her to work in his bar"),
        ("HARBOURED", "P_carlos_mendoza", "P_shantel_hibbert", "He kept her in a room above it."),
        ("USES_PHONE", "P_carlos_mendoza", "PH_+17865550161", "Mendoza used +1 786 555 0161"),
        ("PAID", "P_carlos_mendoza", "P_fabian_lindo", "sent money to Lindo by MoneyGram"),
    ],
)

DOCS["107_intel_report.txt"] = (
    """[OCR text of scanned report - check against original]
[[JAMAICA CONSTABULARY FORCE|ORG|ORG_jcf]]
INTELLIGENCE REPORT
Report No.: CTIP/SC/2023/057
Date: 02/09/2023
Officer: Insp. [[Horace Chambers|PERSON|P_horace_chambers]]
Grading: C3

Subject: [[Northern Star Recruiters|ORG|ORG_northern_star]] - farm and hotel work in \
[[Toronto|LOCATION|L_toronto]] and [[New York|LOCATION|L_new_york]]

1. [[Trevor McKENZIE|PERSON|P_trevor_mckenzie]] ("[[Chucky|PERSON|P_trevor_mckenzie]]") of \
[[Spanish Town|LOCATION|L_spanish_town]] advertises [[Northern Star Recruiters|ORG|ORG_northern_star]] on \
Facebook with the numbers [[+1 416 555 0188|PHONE|PH_+14165550188]] and [[+1 (212) 555-0114|PHONE|\
PH_+12125550114]].
2. [[Rushane Dixon|PERSON|P_rushane_dixon]] and [[Oneil Samuels|PERSON|P_oneil_samuels]] each paid \
[[McKenzie|PERSON|P_trevor_mckenzie]] J$120,000 in "processing fees" into an account at \
[[Scotiabank|ORG|ORG_scotiabank]] (acct 204-118-736).
3. Instead of travelling, the two men were taken by [[McKenzie|PERSON|P_trevor_mckenzie]] to \
[[Blue Mahoe Villas|LOCATION|L_blue_mahoe_villas]], [[Port Antonio|LOCATION|L_port_antonio]], where they \
worked without pay for six weeks under [[McKenzie|PERSON|P_trevor_mckenzie]]'s orders.
4. [[McKenzie|PERSON|P_trevor_mckenzie]]'s phone list contains [[876-555-Ol5O|PHONE|PH_+18765550150]], a \
number used by [[MALCOLM|PERSON|P_courtney_malcolm]] (see CTIP/SC/2023/041).
5. Passport A5120933 in the name of [[Dixon|PERSON|P_rushane_dixon]] was recovered at the villas.
""",
    [
        ("USES_PHONE", "P_trevor_mckenzie", "PH_+14165550188", "advertises Northern Star Recruiters on"),
        ("USES_PHONE", "P_trevor_mckenzie", "PH_+12125550114", "advertises Northern Star Recruiters on"),
        ("CONTROLS", "P_trevor_mckenzie", "ORG_northern_star", "advertises Northern Star Recruiters on"),
        ("PAID", "P_rushane_dixon", "P_trevor_mckenzie", "each paid McKenzie J$120,000"),
        ("PAID", "P_oneil_samuels", "P_trevor_mckenzie", "each paid McKenzie J$120,000"),
        ("TRANSPORTED", "P_trevor_mckenzie", "P_rushane_dixon", "the two men were taken by McKenzie to"),
        ("TRANSPORTED", "P_trevor_mckenzie", "P_oneil_samuels", "the two men were taken by McKenzie to"),
        ("EXPLOITED", "P_trevor_mckenzie", "P_rushane_dixon", "worked without pay for six weeks"),
        ("EXPLOITED", "P_trevor_mckenzie", "P_oneil_samuels", "worked without pay for six weeks"),
        ("USES_PHONE", "P_courtney_malcolm", "PH_+18765550150", "a number used by MALCOLM"),
        ("ASSOCIATE_OF", "P_trevor_mckenzie", "P_courtney_malcolm", "phone list contains 876-555-Ol5O"),
    ],
)

DOCS["108_news_item.txt"] = (
    """Two held in lounge trafficking probe

By [[Damion Watt|PERSON|P_damion_watt]]

[[SAVANNA-LA-MAR|LOCATION|L_savanna_la_mar]], [[Westmoreland|LOCATION|L_westmoreland]] - A \
[[Mandeville|LOCATION|L_mandeville]] businessman and a [[May Pen|LOCATION|L_may_pen]] woman were charged on \
Tuesday with trafficking in persons after police rescued five women from a lounge in \
[[Savanna-la-Mar|LOCATION|L_savanna_la_mar]].

Police named them as [[Courtney Malcolm|PERSON|P_courtney_malcolm]], 41, operator of the \
[[Pelican Reef Lounge|LOCATION|L_pelican_reef_lounge]], and [[Yolanda Grant|PERSON|P_yolanda_grant]], 47.

The Permanent Secretary in the [[Ministry of National Security|ORG|ORG_mns]] [[Audrey Sewell|PERSON|\
P_audrey_sewell]] said the [[Passport, Immigration and Citizenship Agency|ORG|ORG_pica]] \
([[PICA|ORG|ORG_pica]]) had flagged several young women travelling to \
[[Panama City|LOCATION|L_panama_city]] on one-way tickets.

Inspector [[Horace Chambers|PERSON|P_horace_chambers]] of the [[Counter-Trafficking in Persons Unit|ORG|ORG_ctip]] \
([[C-TIP|ORG|ORG_ctip]]) said officers were still looking for a man from [[Old Harbour|LOCATION|L_old_harbour]] \
who drove the women. Anyone with information may call 311.
""",
    [
        ("CONTROLS", "P_courtney_malcolm", "L_pelican_reef_lounge", "operator of the Pelican Reef Lounge"),
    ],
)


def parse(marked: str) -> tuple[str, list[dict]]:
    """Plain text and gold spans from marked-up text."""
    text_parts: list[str] = []
    spans: list[dict] = []
    position = 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[position : match.start()]
        text_parts.append(before)
        length += len(before)
        surface, label, entity_id = match.group(1), match.group(2), match.group(3)
        spans.append(
            {"start": length, "end": length + len(surface), "text": surface, "label": label, "entity_id": entity_id}
        )
        text_parts.append(surface)
        length += len(surface)
        position = match.end()
    text_parts.append(marked[position:])
    return "".join(text_parts), spans


def build() -> None:
    records = []
    entities: dict[str, dict] = {}
    for name, (marked, relations) in DOCS.items():
        text, spans = parse(marked)
        assert "[[" not in text and "]]" not in text, name
        for span in spans:
            assert text[span["start"] : span["end"]] == span["text"], (name, span)
            entry = entities.setdefault(
                span["entity_id"],
                {
                    "entity_id": span["entity_id"],
                    "label": span["label"],
                    "canonical_name": span["text"],
                    "aliases": [],
                    "role": ROLES.get(span["entity_id"], "other"),
                },
            )
            if span["text"] not in entry["aliases"]:
                entry["aliases"].append(span["text"])
        ids = {s["entity_id"] for s in spans}
        gold_relations = []
        for link_type, head, tail, evidence in relations:
            assert evidence in text, (name, evidence)
            assert head in ids and tail in ids or tail.startswith("PH_"), (name, head, tail)
            gold_relations.append({"type": link_type, "head": head, "tail": tail, "evidence": evidence})
        (HERE / name).write_text(text, encoding="utf-8")
        records.append({"doc": name, "entities": spans, "relations": gold_relations})
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    (HERE / "entities.json").write_text(
        json.dumps(list(entities.values()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    build()
