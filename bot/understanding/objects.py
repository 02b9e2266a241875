"""Stage words used of something else: "monitoring the fire alarms" is no ML monitoring.

A lifecycle stage is named by an everyday word ("monitoring", "deployment", "testing"), so a
question about another trade can name one: "who is responsible for monitoring the fire alarms
in our building?". What the stage word is done to tells them apart: the words right after it
("the fire alarms", "our models", "the churn pipeline"). When every one of them is an ordinary
English word the knowledge never uses, the stage is about something rolebot knows nothing of,
and the word is read as a plain word rather than as the stage.

The other way round, a word may say only which thing of data a question is about ("who
monitors the *fraud* model"): it is left out of matching (`without_instance_names`). And a
question about people of another trade is declined before any matching
(`about_another_trade`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from bot.kb.records import EntityKind
from bot.understanding.lexicon import Lexicon, Reading, english_words
from bot.understanding.retrieval import STOPWORDS
from bot.understanding.text import WHO_WORDS

# Words between a stage word and what it is done to: "monitoring *the* alarms", "testing *of
# our* models".
LEADING = frozenset(
    "the a an our my your their his her its this that these those of for on all some".split()
)
MAX_OBJECT = 3  # words of the object looked at ("the fire alarm system")
# What a question is for or about follows these: "a CI pipeline *for* my android app", "a good
# name *for* a dog", "deploy my site *to* netlify", "the best docker *at* the harbour".
PREPOSITIONS = frozenset("for of on to in with about at".split())
# ...and what it asks for follows "which": "which *zoo* has the most pandas". Not "what": in
# "whats teh on call rota" a misspelt short word would be the thing asked for.
OBJECT_OPENERS = PREPOSITIONS | {"which"}
MAX_SHORT = 3  # letters of the words the English list leaves out ("cat", "car", "mum")
# What software teams ship besides models: "who owns deployment of the marketing site", "who
# handles deployments for our mobile app". The knowledge uses some of these words ("an app
# that calls the model"), so they are not foreign to it; a software stage done to one is still
# about the product, not about a model.
PRODUCTS = frozenset(
    """website websites site sites webpage webpages homepage app apps webapp frontend backend
    wordpress ios android""".split()
)
# The stages software engineering shares with ML; reporting on a website is an analyst's work.
SOFTWARE_STAGES = frozenset(
    """deployment deployment-strategy monitoring model-testing containerisation
    model-optimisation""".split()
)


class StageObject(NamedTuple):
    """What a stage word is done to."""

    words: tuple[str, ...]
    after_determiner: bool  # "monitoring *the* alarms": the words name a thing


def stage_object(reading: Reading, end: int) -> StageObject:
    """The words a stage word ending at position `end` governs: after determiners, the run of
    words up to the next entity, stopword or MAX_OBJECT words."""
    first, stop = _object_span(reading.words, reading.named_positions, end)
    return StageObject(reading.words[first:stop], first > end)


def foreign(lexicon: Lexicon, words: tuple[str, ...], after_determiner: bool = False) -> bool:
    """Whether the words are all ordinary English words that the knowledge never uses. Short
    words count as ordinary only after a determiner ("retrain my dog"), where they name a
    thing, not an action ("our POC ran on one CSV")."""
    return bool(words) and all(
        not lexicon.knows(w) and (_ordinary(w) if after_determiner else w in english_words())
        for w in words
    )


def _ordinary(word: str) -> bool:
    """Whether a word is ordinary English: in the list, or too short for the list to hold."""
    return len(word) <= MAX_SHORT or word in english_words()


def foreign_object(lexicon: Lexicon, reading: Reading) -> bool:
    """Whether the text says what it is for or about, what it asks which one of, or what a
    stage or tool is done to or used as, with an ordinary word the knowledge never uses: "set
    up a CI pipeline for my android app", "deploy a wordpress site", "replace a spark plug" and
    "which zoo has the most pandas" share their other words with answers about data work, yet
    ask about an app, a website, a car and a zoo. Only words outside entity names count ("for
    a data engineer" is about a role); short words count as ordinary ("a name for my cat"):
    the list of English words holds none of them. An object that names a data word is one of
    ours whatever else it says ("monitor the pricing model")."""
    heads = [i + 1 for i, word in enumerate(reading.words) if word in OBJECT_OPENERS]
    heads += [span.end for span in reading.spans if span.ref.kind is not EntityKind.ROLE]
    if not heads:
        return False
    inside = reading.named_positions
    return any(
        _of_another_thing(lexicon, _object_words(reading.words, inside, start)) for start in heads
    )


def _of_another_thing(lexicon: Lexicon, words: tuple[str, ...]) -> bool:
    """Whether an object's words hold an ordinary word the knowledge never uses and no data
    word ("the harbour", "my android app"; "the pricing model" is one of ours)."""
    return DATA_WORDS.isdisjoint(words) and any(
        not lexicon.knows(word) and _ordinary(word) for word in words
    )


def _object_words(words: tuple[str, ...], inside: frozenset[int], start: int) -> tuple[str, ...]:
    """The words from `start` after determiners, up to an entity name (the positions
    `inside`), a stopword or MAX_OBJECT words."""
    first, end = _object_span(words, inside, start)
    return words[first:end]


def _object_span(words: tuple[str, ...], inside: frozenset[int], start: int) -> tuple[int, int]:
    """Where `_object_words` from `start` begin and end."""
    i = start
    while i < len(words) and words[i] in LEADING:
        i += 1
    first = i
    while i < len(words) and i - first < MAX_OBJECT and i not in inside:
        word = words[i]
        if not word.isalpha() or word in LEADING or word in STOPWORDS:
            break
        i += 1
    return first, i


def _governed(reading: Reading, end: int) -> tuple[str, ...]:
    """What a stage word ending at `end` is done to, with what a preposition right after adds:
    "the release notes *for the mobile app*"."""
    words, inside = reading.words, reading.named_positions
    first, stop = _object_span(words, inside, end)
    found = words[first:stop]
    if stop < len(words) and words[stop] in PREPOSITIONS:
        more, more_stop = _object_span(words, inside, stop + 1)
        found += words[more:more_stop]
    return found


def a_product(stage: str, governed: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether a software stage is done to a website or an app ("deployment of the new
    website", "the release notes for the mobile app", "the frontend deployment"), `governed`
    being what it is done to, in a text (`words`) that says nothing of data ("deploying models
    for the ios app" does)."""
    return (
        stage in SOFTWARE_STAGES
        and not PRODUCTS.isdisjoint(governed)
        and DATA_WORDS.isdisjoint(words)
    )


def without_foreign_stages(lexicon: Lexicon, reading: Reading) -> Reading:
    """The reading without the stages named of something the knowledge does not know
    ("monitoring the fire alarms", "the baby monitor"), or of a website or an app."""
    kept = []
    for span in reading.spans:
        if span.ref.kind is EntityKind.STAGE:
            done_to = stage_object(reading, span.end)
            # "deployment of the new website" and "the frontend deployment": what the stage is
            # done to follows it or comes right before it.
            before = reading.words[span.start - 1 : span.start] if span.start else ()
            # "check the baby monitor": a thing of another trade named before the stage word.
            compound = span.start >= 2 and reading.words[span.start - 2] in LEADING
            if (
                foreign(lexicon, *done_to)
                or (compound and foreign(lexicon, before, after_determiner=True))
                or a_product(span.ref.id, before + _governed(reading, span.end), reading.words)
            ):
                continue
        kept.append(span)
    return reading if len(kept) == len(reading.spans) else replace(reading, spans=tuple(kept))


# People of other trades: "how big should our marketing team be?" and "how should a sales
# manager prioritise requests?" share their words with answers about data teams, yet ask about
# another trade. Only a question that says nothing of data (no role, stage or tool, none of
# DATA_WORDS) is read as one.
OTHER_TRADES = frozenset(
    """sales salesperson salespeople marketing marketer marketers designer designers hr
    lawyer lawyers legal accountant accountants accounting nurse nurses teacher teachers doctor
    doctors dentist dentists plumber plumbers electrician electricians carpenter carpenters
    mechanic mechanics chef chefs cook cooks baker bakers barista baristas waiter waiters
    bartender bartenders cashier cashiers receptionist receptionists janitor janitors cleaner
    cleaners hairdresser hairdressers realtor realtors journalist journalists copywriter
    copywriters translator translators photographer photographers musician musicians actor
    actors farmer farmers firefighter firefighters pharmacist pharmacists architect
    architects engineering engineers developer developers devs frontend qa tester testers
    support cfo ceo coo cmo cto law pilot pilots surgeon surgeons veterinarian veterinarians
    paramedic paramedics clerical clerk clerks officer officers optometrist optometrists welder
    welders surveyor surveyors geologist geologists florist florists butler butlers tailor
    tailors locksmith locksmiths paralegal paralegals midwife midwives zookeeper zookeepers
    lifeguard lifeguards courier couriers dispatcher dispatchers auditor auditors underwriter
    underwriters biologist biologists chemist chemists physicist physicists astronomer
    astronomers sociologist sociologists historian historians archivist archivists therapist
    therapists counselor counselors counsellor counsellors dietitian dietitians nutritionist
    nutritionists psychologist psychologists psychiatrist psychiatrists optician opticians
    physiotherapist physiotherapists babysitter babysitters nanny nannies gardener gardeners
    landscaper landscapers painter painters decorator decorators roofer roofers bricklayer
    bricklayers mason masons plasterer plasterers glazier glaziers upholsterer upholsterers
    butcher butchers fishmonger fishmongers grocer grocers shopkeeper shopkeepers salesman
    salesmen saleswoman saleswomen trucker truckers chauffeur chauffeurs postman postmen
    mailman mailmen soldier soldiers sailor sailors police policeman policemen detective
    detectives bouncer bouncers concierge housekeeper housekeepers maid maids porter porters
    stewardess dancer dancers singer singers composer composers poet poets novelist novelists
    illustrator illustrators animator animators sculptor sculptors jeweller jewellers jeweler
    jewelers priest priests pastor pastors rabbi imam monk monks nun nuns solicitor solicitors
    barrister barristers attorney attorneys notary banker bankers librarian librarians tutor
    tutors lecturer lecturers professor professors headteacher caretaker caretakers plumbing
    carpentry welding nursing farming fishing""".split()
)
# Words that say a text is about data work though it names no role, stage or tool ("how many
# rows do I need to train a classifier"): such a text is no other trade's question, and it
# names something of data (`names_data`).
DATA_WORDS = frozenset(
    """data dataset datasets database databases analytics analytic analytical analysis analyst
    analysts ml ai model models modelling modeling machine learning statistics statistical
    stats statistician sql python dashboard dashboards pipeline pipelines algorithm
    algorithms metric metrics kpi kpis experiment experiments forecast forecasts forecasting
    insight insights scientist scientists bi etl warehouse platform platforms devops
    streaming recsys prediction predictions kaggle notebook notebooks llm llms stream
    classifier classifiers classification regression clustering inference serving scoring
    embeddings embedding rows columns schema schemas feature features label labels labelling
    labeling annotators annotation accuracy precision recall overfitting hyperparameters
    drift retraining gpu gpus validation splits lineage observability freshness orchestrator
    orchestration elt lakehouse parquet iceberg hadoop hdfs hive dvc lakefs langchain openai
    rag nlp mnist titanic iris pandas numpy sklearn bigquery snowflake redshift databricks
    churn cohort funnel dau mau iac recommender recommenders automl bentoml cuda dag dags
    dataops dockeroperator flink genai kserve kubernetespodoperator pgvector pinecone
    pythonoperator seldon torchserve triton weaviate""".split()
)


def names_data(reading: Reading, besides: frozenset[str] = frozenset()) -> bool:
    """Whether the text names a role, stage or tool, or uses one of DATA_WORDS (names made of
    words `besides` alone, and those words, aside)."""
    named = any(not besides.issuperset(reading.words[s.start : s.end]) for s in reading.spans)
    return named or not DATA_WORDS.difference(besides).isdisjoint(reading.words)


def names_something_else(lexicon: Lexicon, reading: Reading) -> bool:
    """Whether a stage or tool the text names is named of something the knowledge never
    speaks of ("the airflow in the office", "deployment of the new website")."""
    kept = without_foreign_stages(lexicon, reading)
    return len(kept.spans) < len(reading.spans) or any(
        _of_another_thing(lexicon, _governed(kept, span.end))
        for span in kept.spans
        if span.ref.kind is EntityKind.TOOL
    )


def anchored_in_data(lexicon: Lexicon, reading: Reading) -> bool:
    """Whether the text names something of data: a data word, a role, or a stage or tool that
    is not done to, or used in, something the knowledge never names ("the airflow in our
    office", "the best docker at the harbour" name a tool's word of something else)."""
    kept = without_foreign_stages(lexicon, reading)
    if not DATA_WORDS.isdisjoint(kept.words):
        return True
    # What each name governs: "docker *at the harbour*"; "a docker image *with cuda*" is ours.
    return any(
        span.ref.kind is EntityKind.ROLE
        or not _of_another_thing(lexicon, _governed(kept, span.end))
        for span in kept.spans
    )


# Words of measuring any work: beside another trade and nothing else of data, they measure
# that trade ("how do I measure my sales team's KPIs"), not data work.
MEASURES = frozenset("kpi kpis metric metrics".split())


def about_another_trade(reading: Reading) -> bool:
    """Whether the text asks about people of another trade and says nothing of data but, in
    a question other than who does something, how their work is measured."""
    if OTHER_TRADES.isdisjoint(reading.words):
        return False
    # "who defines the KPIs for the sales team" asks whose work measuring is: data work.
    ignored = MEASURES if WHO_WORDS.isdisjoint(reading.words) else frozenset()
    return not names_data(reading, ignored)


# Things of data work a question may name one of: the word before says which ("the fraud
# model", "the pricing dashboard"), not what is asked about it. A fashion model, a car's
# dashboard or an oil pipeline are things too: a name is dropped only from a text that names
# something of data besides the thing.
DATA_THINGS = frozenset(
    "model models dashboard dashboards pipeline pipelines dataset datasets".split()
)
# A word that names which thing is one at most this many phrasings use: "the churn model" is
# asked with once in the knowledge, "the production model" everywhere.
INSTANCE_NAME_PHRASINGS = 2


def without_instance_names(using: Callable[[str], int], reading: Reading) -> Reading:
    """The reading without the words that only say which model, dashboard or pipeline it
    speaks of: "who monitors the fraud model" asks who monitors models, and "fraud", a word
    answers are hardly ever asked with, would only weigh against every answer alike.
    `using(stem)` says how many phrasings use a stem."""
    words = reading.words
    if DATA_THINGS.isdisjoint(words):  # most questions name no such thing
        return reading
    inside = reading.named_positions
    dropped = {
        i
        for i in range(len(words) - 1)
        if words[i + 1] in DATA_THINGS
        and i not in inside
        and words[i] not in STOPWORDS
        and using(reading.stems[i]) <= INSTANCE_NAME_PHRASINGS
    }
    if not dropped or not names_data(reading, DATA_THINGS):
        return reading
    return reading.without(dropped)
