"""Near misses: questions off the domain that share its words ("which zoo has the most pandas?",
"who monitors the firewall logs?", "what's the pipeline for becoming a judge?") are declined.

Written on 3 December 2026 without running them first, as asks a team channel or a stranger
might send: other trades, household and office things, software work that is not data work,
and data-role words in other senses. Two were answered when written (the zoo and the baby
monitor); `bot.understanding.objects` reads both since. One more, "who is in charge of our
github billing?", still gets who uses Git and is left out: "billing" is a word the knowledge
uses (cloud costs), so nothing marks it as another matter.
"""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import DECLINE, label
from bot.message import ConversationKey, Message

NEAR_MISSES = [
    "who maintains the oil pipeline that runs past our town?",
    "which fashion model walked for chanel last season?",
    "my phone's data plan ran out, who do I call?",
    "what does a civil engineer do on a bridge project?",
    "who should check the baby monitor at night, me or my partner?",
    "when is the next troop deployment to the base?",
    "how much do dock workers earn per hour?",
    "who services the airflow vents in our office HVAC?",
    "is kafka's the trial worth reading before the castle?",
    "how often should I change the spark plugs on a 2012 civic?",
    "what do you feed a pet python?",
    "which zoo has the most pandas?",
    "who painted the tableau hanging in the lobby?",
    "where can I buy a nice leather notebook?",
    "who directed the feature film that won best picture?",
    "what training plan should I follow for a half marathon?",
    "how do I drift a rear wheel drive car safely on a track?",
    "who designs the labels for our wine bottles?",
    "what helps with cluster headaches?",
    "what's the best nintendo DS game of all time?",
    "how many ml are in a tablespoon?",
    "who owns the vending machines in the break room?",
    "which role on a film set handles the lighting?",
    "what skills does a sommelier need?",
    "is being a flight attendant an entry level job?",
    "what does a data center technician do on night shift?",
    "who is responsible for cleaning the coffee machine, the office manager or facilities?",
    "what tools does an electrician carry?",
    "compare a nurse and a doctor",
    "what's the difference between a chef and a line cook?",
    "who monitors the river levels during floods?",
    "my kid wants to be a marine biologist, what should she study?",
    "what career path leads to becoming an airline pilot?",
    "who deploys the lifeguards on the beach each morning?",
    "what does a product manager at a car company do all day?",
    "should I hire a wedding planner or do it myself?",
    "how do I version control my knitting patterns?",
    "which spreadsheet app is best for a household budget?",
    "how do I stop my cat scratching the sofa?",
    "who owns the rights to the song in that ad?",
    "what's a good name for a golden retriever?",
    "how do I become a real estate agent?",
    "what tools does a carpenter need to start out?",
    "who is in charge of the school bus schedule?",
    "is a physiotherapist the same as a chiropractor?",
    "what does a pharmacist do besides filling prescriptions?",
    "how do pilots monitor fuel during a long flight?",
    "who reviews the code of conduct for our football club?",
    "what should I pack for a week of hiking in the alps?",
    "can you recommend a good python cookbook for cooking actual food?",
    "how long does it take to train as an electrician apprentice?",
    "what's the pipeline for becoming a judge?",
    "who handles deployment of the new uniforms at the hospital?",
    "what's the salary of a primary school teacher in ohio?",
    "do dentists need to know statistics?",
    "who should own the team's birthday calendar?",
    "is it worth getting a masters in architecture?",
    "what's the difference between a plumber and a pipefitter?",
    "which tools does a gardener use in winter?",
    "what model of dishwasher is the quietest?",
    "how do I deploy my react app to vercel?",
    "who maintains the company VPN?",
    "what's the best laptop for gaming under 1000?",
    "which IDE is best for java development?",
    "who approves PTO requests on our team?",
    "how do I become a project manager?",
    "what does a scrum master do all day?",
    "who owns the jira board for the mobile team?",
    "should our frontend team use tailwind or plain css?",
    "who is responsible for the office wifi?",
    "what tools does a UX designer use?",
    "compare a product owner and a project manager",
    "is devrel an entry level job?",
    "what skills does a technical writer need?",
    "who handles payroll at a startup?",
    "which language should I learn for game development?",
    "how do I get into cybersecurity?",
    "who monitors the firewall logs?",
    "what's the difference between a sysadmin and a network engineer?",
    "who deploys the new version of the iOS app to the app store?",
    "which monitor should I buy for coding?",
    "what's a good keyboard for programming?",
    "who owns the customer support inbox?",
    "how much does a frontend developer earn in berlin?",
    "can a QA tester become a developer?",
    "who should write the release notes for the mobile app?",
    "what does a solutions architect do?",
    "how do I prepare for a system design interview at a bank?",
    "which cloud certification helps a sysadmin most?",
]


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_a_near_miss_is_declined(engine: Engine, question: str) -> None:
    key = ConversationKey("test", "near-misses", thread=question)
    assert label(engine.handle(Message(question, key))) == DECLINE
