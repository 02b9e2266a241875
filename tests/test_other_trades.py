"""Questions about people of other trades are declined; data questions naming them are not."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import DECLINE, label
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.understanding.objects import about_another_trade

KEY = ConversationKey("test", "trades")


@pytest.mark.parametrize(
    "question",
    [
        "how big should our marketing team be",
        "how should a sales manager prioritise all the requests coming in",
        "should our designers be embedded in product squads or a central team",
        "how do I prioritise requests as a lone HR person",
        "how do I measure my sales team's performance",
        "should the coding test for frontend developers be take-home or live",
        "how do we organise our growing customer support team",
        "how many QA testers per developer is typical",
        "how do I measure the productivity of my engineering team",
        "when should a startup hire a CFO",
        "is a masters degree worth it for a career in law",
        "how do I become a pilot without a degree?",
        # "who should we hire first" alone is an FAQ phrasing; the trades say whose hiring.
        "who should we hire first, a courier or a therapist?",
        "how much does an optometrist earn?",
        "what tools does a locksmith use?",
        # Measures beside another trade measure that trade, not data work.
        "what KPIs should my sales reps hit each quarter",
        "which metrics tell me my support team is doing well",
    ],
)
def test_a_question_about_another_trade_is_declined(engine: Engine, question: str) -> None:
    assert label(engine.handle(Message(question, KEY))) == DECLINE


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("moving from marketing to data analytics, any tips?", False),
        ("our marketing team wants a dashboard, who builds it", False),
        ("I come from finance, what does the data team need from me", False),
        ("can a nurse become a data scientist", False),
        ("is platform engineering just devops renamed", False),
        ("how many engineers per data scientist", False),
        ("our CFO wants a forecast model, who builds it", False),
        ("what is a pilot in a machine learning project", False),
        # A recommender is a model, whoever complains about it.
        ("our recommender got worse and marketing complained, who should watch it", False),
        ("how big should our marketing team be", True),
        # Data entry is clerical work (the vocabulary says so), unless data work is named too.
        ("is data entry a good first job", True),
        ("is a data entry job a good way into data analysis", False),
        # An analyst of another field is no data analyst.
        ("what tools does a security analyst use", True),
        ("what does a financial analyst do at a bank", True),
        ("I'm a financial analyst, how do I become a data analyst", False),
        ("how do I measure my sales team's KPIs", True),
        # Who defines measures, measures of data work, or measures on a dashboard: data.
        ("who defines the KPIs for the sales team", False),
        ("which metrics should the marketing dashboard show", False),
        ("how do analysts measure the sales team's KPIs", False),
        ("what KPIs should a data team track", False),
    ],
)
def test_naming_data_or_a_role_keeps_a_question_in_the_domain(
    compiled: Compiled, question: str, expected: bool
) -> None:
    assert about_another_trade(compiled.lexicon.read(question)) is expected


def test_no_phrasing_of_the_knowledge_is_about_another_trade(compiled: Compiled) -> None:
    phrasings = [p for entry in compiled.base.faq.values() for p in entry.phrasings]
    assert [p for p in phrasings if about_another_trade(compiled.lexicon.read(p))] == []
