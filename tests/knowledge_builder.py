"""Writes small, valid knowledge directories that tests then break on purpose."""

from __future__ import annotations

from pathlib import Path

ROLES = """\
roles:
  - id: analyst
    name: Test analyst
    plural: test analysts
    aliases: [TA]
    summary: Looks at numbers.
    description: Reads data and reports what it says.
    responsibilities: [Reporting]
    skills: [SQL]
    tools: [sheet]
    outputs: [Reports]
    collaborates_with: [builder]
    career:
      entry_level: true
      entry_note: Common first job.
    factors:
      focus: Numbers
      skills: SQL
      tools: Sheets
      goal: Insight
      output: Reports
      collaboration: Business
  - id: builder
    name: Test builder
    plural: test builders
    aliases: [TB]
    summary: Builds things.
    description: Makes models run.
    responsibilities: [Shipping]
    skills: [Code]
    tools: [sheet]
    outputs: [Services]
    collaborates_with: [analyst]
    career:
      entry_level: false
      entry_note: Needs experience.
    factors:
      focus: Systems
      skills: Code
      tools: Containers
      goal: Reliability
      output: Services
      collaboration: Engineers
"""
STAGES = """\
stages:
  - id: shipping
    name: Shipping
    aliases: [ship it]
    description: Getting it live.
    owners: [builder]
    contributors: [analyst]
"""
TOOLS = """\
tools:
  - id: sheet
    name: Spreadsheet
    aliases: [sheets]
    category: bi
    description: Rows and columns.
    used_by: [analyst, builder]
"""
PAIRS = """\
pairs:
  - roles: [analyst, builder]
    difference: One reads, one builds.
"""
FAQ = """\
faq:
  - id: first-entry
    title: First entry
    phrasings:
      - how do test analysts spend a morning
      - what fills the morning of a test analyst
      - morning routine of test analysts
      - describe a typical analyst morning
    answer: Mostly coffee and dashboards.
    roles: [analyst]
    related: [second-entry]
  - id: second-entry
    title: Second entry
    phrasings:
      - can a test builder work remotely
      - remote work for builders
      - do builders go to the office
      - is remote okay for a test builder
    answer: Often yes.
    roles: [builder]
"""
SOURCES = """\
sources:
  - id: seed-one
    title: A seed
    file: 000_seed.txt
"""
INTENTS = """\
intents:
  - intent: role_overview
    templates: ["{role}", "what does a {role} do", "tell me about {role}"]
  - intent: role_tools
    templates: ["which tools does a {role} use", "{role} tools", "what tools do {role} use"]
  - intent: stage_owner
    templates: ["{stage}", "who owns {stage}", "who does {stage}"]
  - intent: compare
    templates: ["{role} vs {role}", "compare {role} and {role}", "{role} or {role}"]
"""
TOUR = """\
tour:
  - id: hello
    title: Who's who
    text: The roles here.
    show: roles
  - id: owners
    title: Who owns what
    text: The stages and their owners.
    show: ownership
  - id: asking
    title: How to ask
    text: Ask in plain words.
    show: asking
    examples: [who owns shipping, what does a test builder do]
  - id: here
    title: Where to go
    text: On this team.
    show: team
"""
TEAM = """\
team:
  name: the test team
  contacts:
    - stage: shipping
      channel: "#ship-room"
      people: ["@alice"]
      note: Ships on Tuesdays.
    - role: analyst
      people: ["@bob", "@carol"]
"""
FILES = {
    "roles.yaml": ROLES,
    "stages.yaml": STAGES,
    "tools.yaml": TOOLS,
    "pairs.yaml": PAIRS,
    "faq/general.yaml": FAQ,
    "sources.yaml": SOURCES,
    "intents.yaml": INTENTS,
    "tour.yaml": TOUR,
}


def write_knowledge(directory: Path, **replace: str) -> Path:
    """A valid knowledge directory; `replace` maps a file name (dots as underscores) to new text."""
    for name, text in FILES.items():
        key = name.replace("/", "_").replace(".yaml", "")
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(replace.get(key, text), encoding="utf-8")
    return directory
