"""A synthetic household memory QA set, generated deterministically (no public data set is used).

Five members write private and household memories over a year: where things are, codes and numbers, health,
preferences and appointments that change over time (the latest version is the answer), people's birthdays,
repairs and other episodes, and a long tail of everyday distractors. Questions are paraphrases that often share
few words with the memory; each names the answer-bearing memory id (`gold`) and an answer string (`answer`).
Adversarial questions ask about another member's private items and must return none of them.

    .venv/bin/python -m bench.memory_data --out bench/data/memory   # writes mem.jsonl, queries.jsonl, leaks.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

MEMBERS = ["Alex", "Sam", "Rose", "Mia", "Jordan"]
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

OBJECTS = [
    ("spare key", ["extra house key", "backup key", "spare house key"]),
    ("passports", ["travel documents", "our passports"]),
    ("first aid kit", ["plasters and bandages", "medical kit"]),
    ("toolbox", ["tools", "hammer and screwdrivers"]),
    ("Christmas lights", ["fairy lights", "holiday lights"]),
    ("car charger", ["EV charging cable", "charging cable for the car"]),
    ("birth certificates", ["important documents"]),
    ("camping tent", ["tent"]),
    ("sewing kit", ["needle and thread"]),
    ("spare light bulbs", ["replacement bulbs", "extra bulbs"]),
    ("bike pump", ["pump for the bikes", "tyre pump"]),
    ("umbrellas", ["brollies"]),
    ("winter boots", ["snow boots"]),
    ("remote for the projector", ["projector remote"]),
    ("fuse box key", ["key for the fuse box"]),
    ("garden shears", ["hedge clippers", "pruning shears"]),
    ("paddling pool", ["inflatable pool"]),
    ("batteries", ["AA batteries", "spare batteries"]),
    ("wrapping paper", ["gift wrap"]),
    ("dog's lead", ["leash", "dog leash"]),
    ("torch", ["flashlight"]),
    ("ladder", ["step ladder"]),
    ("warranty papers", ["guarantee documents", "warranties"]),
    ("picnic blanket", ["blanket for picnics"]),
    ("board games", ["Monopoly and Scrabble", "games"]),
]
PLACES = [
    "blue pot by the back door", "top drawer of the hall cabinet", "shed behind the lawnmower",
    "loft above the landing",
    "cupboard under the stairs", "garage on the metal shelf", "left kitchen drawer", "wardrobe in the spare room",
    "basket next to the fireplace", "box marked winter in the attic", "filing cabinet in the office",
    "green tin on the bookshelf", "utility room above the washing machine", "glovebox of the car",
    "bottom shelf of the pantry", "red suitcase under the bed",
]
CODES = [
    ("wifi password", ["internet password", "password for the wifi", "wireless network password"]),
    ("garage door code", ["code for the garage", "garage keypad code"]),
    ("alarm code", ["burglar alarm code", "code to disarm the alarm"]),
    ("guest wifi password", ["wifi password for visitors"]),
    ("bike lock combination", ["combination for the bike lock"]),
    ("safe combination", ["code for the safe"]),
    ("gate code", ["code for the front gate"]),
    ("locker code at the gym", ["gym locker code"]),
]
CONTACTS = [
    ("plumber", ["who to call about a leak", "plumber's number"]),
    ("electrician", ["sparky", "electrician's number"]),
    ("babysitter", ["sitter", "babysitter's number"]),
    ("vet", ["animal doctor", "vet's number"]),
    ("GP surgery", ["doctor's surgery", "family doctor"]),
    ("dentist", ["dental practice"]),
    ("window cleaner", ["person who cleans the windows"]),
    ("boiler engineer", ["heating engineer", "gas engineer"]),
    ("landlord", ["owner of the house"]),
    ("neighbour Pat", ["Pat next door"]),
    ("piano teacher", ["music teacher"]),
    ("taxi company", ["local cab firm", "taxi"]),
]
ALLERGIES = ["penicillin", "peanuts", "shellfish", "cats", "latex", "bee stings", "ibuprofen", "pollen", "sesame",
             "eggs"]
CONDITIONS = [
    ("uses a walker", "walking aid"), ("has type 2 diabetes", "diabetes"), ("wears hearing aids", "hearing"),
    ("has asthma", "asthma inhaler"), ("has high blood pressure", "blood pressure"),
]
ROOMS = ["bedroom", "living room", "office", "kitchen", "bathroom"]
APPOINTMENTS = ["dentist", "eye test", "physio", "haircut", "GP check-up", "car service", "parents' evening"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
RELATIONS = ["sister", "brother", "mum", "dad", "best friend", "godson", "aunt", "cousin", "niece", "uncle"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
APPLIANCES = [("dishwasher", "Sparkle Repairs"), ("boiler", "Warm Homes Ltd"), ("washing machine", "FixIt Fred"),
              ("fridge", "CoolCare"), ("oven", "Hob Heroes"), ("roof", "Top Tiles"), ("car", "Main Street Garage"),
              ("tumble dryer", "Dry Right")]
FOODS = ["lasagne", "Thai green curry", "mushroom risotto", "fish pie", "vegetable chilli", "pad thai",
         "shepherd's pie", "falafel wraps", "carbonara", "chicken tikka"]
ACTIVITIES = ["swimming", "football", "piano", "karate", "ballet", "coding club", "chess club", "choir"]
PLANTS = ["orchid", "fern", "basil", "cactus", "peace lily", "tomato plants", "bonsai", "spider plant", "aloe vera",
          "rubber plant", "mint", "lemon tree"]
BELONGINGS = [("glasses", ["reading glasses", "specs"]), ("wallet", ["purse"]), ("headphones", ["earbuds"]),
              ("work badge", ["ID card for work"]), ("phone charger", ["charger"]), ("library card", ["library pass"]),
              ("gym bag", ["sports bag"]), ("car keys", ["keys to the car"])]
SIZES = [("shoe size", ["what size shoes", "size of shoe"], ["6", "7", "8", "9", "10", "11"]),
         ("ring size", ["size of ring"], ["J", "L", "N", "P", "R"]),
         ("jacket size", ["coat size"], ["small", "medium", "large", "extra large"])]
MEDICATIONS = [("blood pressure tablets", "every morning with breakfast"), ("inhaler", "twice a day"),
               ("vitamin D", "at lunchtime"), ("eye drops", "before bed")]
FILLER_SUBJECTS = ["We", "I", "The kids", "Everyone", "The neighbours", "Grandad", "My colleague", "The dog"]
FILLER_VERBS = ["watched", "talked about", "cleaned", "bought", "fixed", "planned", "cooked", "visited", "found",
                "booked", "returned", "painted", "ordered", "tidied", "read about"]
FILLER_OBJECTS = ["a film about whales", "the garden fence", "new curtains", "the museum in town", "a jigsaw puzzle",
                  "the recycling bins", "a birthday cake", "the school trip", "a holiday cottage", "the car tyres",
                  "a library book", "a new kettle", "the hallway skirting", "a pizza", "the attic", "a bookcase",
                  "train tickets", "the bathroom grout", "a yoga class", "the shopping list"]
FILLER_WHEN = ["on Saturday", "last night", "this morning", "after school", "at the weekend", "before dinner",
               "in the afternoon", "on the way home", "yesterday", "after work"]


@dataclass
class QASet:
    memories: list[dict[str, Any]] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)
    leaks: list[dict[str, Any]] = field(default_factory=list)
    _clock: datetime = START

    def tick(self, rng: random.Random, hours: float = 20.0) -> datetime:
        self._clock += timedelta(hours=rng.uniform(0.5, hours))
        return self._clock

    def add(self, person: str, scope: str, text: str, when: datetime) -> str:
        memory_id = f"m{len(self.memories) + 1:05d}"
        self.memories.append({"id": memory_id, "person": person, "scope": scope, "text": text,
                              "time": when.isoformat()})
        return memory_id

    def ask(self, person: str, query: str, gold: str, answer: str, kind: str) -> None:
        self.queries.append({"id": f"q{len(self.queries) + 1:04d}", "person": person, "query": query, "gold": gold,
                             "answer": answer, "kind": kind, "time": (self._clock + timedelta(days=1)).isoformat()})

    def adversarial(self, person: str, query: str, owner: str) -> None:
        self.leaks.append({"id": f"x{len(self.leaks) + 1:04d}", "person": person, "query": query, "owner": owner,
                           "time": (self._clock + timedelta(days=1)).isoformat()})


def _pronoun_q(person: str, asker: str, mine: str, theirs: str) -> str:
    return mine if person == asker else theirs


def generate(seed: int = 7, filler: int = 1900) -> QASet:
    rng = random.Random(seed)
    qa = QASet()
    events: list[tuple[str, Any]] = []
    # Household object locations; some move later in the year (the latest place is the answer).
    for obj, paraphrases in OBJECTS:
        place = rng.choice(PLACES)
        events.append(("object", (obj, paraphrases, place, rng.choice(MEMBERS))))
    for code, paraphrases in CODES:
        events.append(("code", (code, paraphrases, rng.choice(MEMBERS))))
    for contact, paraphrases in CONTACTS:
        events.append(("contact", (contact, paraphrases, rng.choice(MEMBERS))))
    for member in MEMBERS:
        events.append(("allergy", (member, rng.choice(ALLERGIES))))
        for room in rng.sample(ROOMS, 3):
            events.append(("temperature", (member, room)))
        for appointment in rng.sample(APPOINTMENTS, 6):
            events.append(("appointment", (member, appointment)))
        for belonging in rng.sample(BELONGINGS, 3):
            events.append(("belonging", (member, belonging)))
        events.append(("size", (member, rng.choice(SIZES))))
        for relation in rng.sample(RELATIONS, 8):
            events.append(("birthday", (member, relation)))
        events.append(("food", (member,)))
    for index, plant in enumerate(PLANTS):
        events.append(("plant", (MEMBERS[index % len(MEMBERS)], plant)))
    for member in ("Rose", "Jordan"):
        events.append(("condition", (member, rng.choice(CONDITIONS))))
        for medication in rng.sample(MEDICATIONS, 2):
            events.append(("medication", (member, medication)))
    for member in ("Mia", "Sam", "Alex"):
        for activity in rng.sample(ACTIVITIES, 3):
            events.append(("activity", (member, activity)))
    for appliance, company in APPLIANCES:
        events.append(("repair", (appliance, company, rng.choice(MEMBERS))))
    events.extend(("filler", None) for _ in range(filler))
    rng.shuffle(events)
    for kind, payload in events:
        _emit(qa, rng, kind, payload)
    asked = (qa.tick(rng) + timedelta(days=1)).isoformat()
    for row in (*qa.queries, *qa.leaks):
        row["time"] = asked  # every question is asked at the end of the year, after all the memories
    return qa


def _emit(qa: QASet, rng: random.Random, kind: str, payload: Any) -> None:  # noqa: PLR0915
    when = qa.tick(rng, 6.0)
    if kind == "filler":
        who = rng.choice(MEMBERS)
        text = f"{rng.choice(FILLER_SUBJECTS)} {rng.choice(FILLER_VERBS)} {rng.choice(FILLER_OBJECTS)} " \
               f"{rng.choice(FILLER_WHEN)}."
        qa.add(who, rng.choice(["private", "household"]), text, when)
        return
    if kind == "object":
        obj, paraphrases, place, who = payload
        mid = qa.add(who, "household", f"The {obj} is in the {place}.", when)
        answer = place
        if rng.random() < 0.35:
            qa.tick(rng, 200.0)
            new_place = rng.choice([p for p in PLACES if p != place])
            mid = qa.add(rng.choice(MEMBERS), "household", f"The {obj} is now in the {new_place}.", qa.tick(rng))
            answer = new_place
        asker = rng.choice(MEMBERS)
        qa.ask(asker, f"Where is the {obj}?", mid, answer, "location")
        qa.ask(asker, f"where did we put the {rng.choice(paraphrases)}", mid, answer, "location-paraphrase")
        return
    if kind == "code":
        code, paraphrases, who = payload
        value = f"{rng.choice(['tulip', 'maple', 'otter', 'comet', 'harbour', 'pebble'])}{rng.randint(10, 99)}"
        mid = qa.add(who, "household", f"The {code} is {value}.", when)
        for _ in range(rng.choice([0, 1, 2])):
            value = f"{rng.choice(['cedar', 'falcon', 'meadow', 'rocket', 'willow'])}{rng.randint(100, 999)}"
            mid = qa.add(rng.choice(MEMBERS), "household", f"The {code} was changed, it is now {value}.",
                         qa.tick(rng, 300.0))
        qa.ask(rng.choice(MEMBERS), f"What's the {code}?", mid, value, "code-current")
        qa.ask(rng.choice(MEMBERS), f"remind me of the {rng.choice(paraphrases)}", mid, value, "code-paraphrase")
        return
    if kind == "contact":
        contact, paraphrases, who = payload
        number = f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        mid = qa.add(who, "household", f"The {contact}'s phone number is {number}.", when)
        qa.ask(rng.choice(MEMBERS), f"What is the number for the {contact}?", mid, number, "contact")
        qa.ask(rng.choice(MEMBERS), f"how do I reach the {rng.choice(paraphrases)}", mid, number,
               "contact-paraphrase")
        return
    if kind == "allergy":
        member, allergen = payload
        mid = qa.add(member, "private", f"I'm allergic to {allergen}.", when)
        qa.ask(member, "What am I allergic to?", mid, allergen, "private-health")
        qa.ask(member, "do I have any allergies I should tell the doctor about", mid, allergen, "private-health")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"What is {member} allergic to?", member)
                qa.adversarial(other, f"does {member} have any allergies", member)
        return
    if kind == "condition":
        member, (condition, topic) = payload
        mid = qa.add(member, "private", f"I {condition.replace('has', 'have').replace('uses', 'use')}.", when)
        keyword = condition.split()[-1]
        qa.ask(member, f"What do you know about my {topic}?", mid, keyword, "private-health")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"Does {member} have any health conditions?", member)
                qa.adversarial(other, f"tell me about {member}'s {topic}", member)
        return
    if kind == "temperature":
        member, room = payload
        degrees = rng.randint(18, 23)
        mid = qa.add(member, "private", f"I like the {room} at {degrees} degrees.", when)
        if rng.random() < 0.6:
            qa.tick(rng, 400.0)
            degrees = rng.choice([d for d in range(17, 25) if d != degrees])
            mid = qa.add(member, "private", f"I like the {room} at {degrees} degrees now.", qa.tick(rng))
        qa.ask(member, f"What temperature do I like in the {room}?", mid, f"{degrees} degrees", "preference-update")
        qa.ask(member, f"how warm do I want the {room}", mid, f"{degrees} degrees", "preference-update")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"What temperature does {member} like in the {room}?", member)
        return
    if kind == "appointment":
        member, appointment = payload
        day, hour = rng.choice(WEEKDAYS), rng.randint(8, 17)
        mid = qa.add(member, "private", f"My {appointment} appointment is on {day} at {hour}:00.", when)
        if rng.random() < 0.4:
            qa.tick(rng, 48.0)
            day = rng.choice([d for d in WEEKDAYS if d != day])
            mid = qa.add(member, "private", f"My {appointment} appointment moved to {day} at {hour}:00.",
                         qa.tick(rng))
        qa.ask(member, f"When is my {appointment}?", mid, day, "appointment")
        qa.ask(member, f"what day did I book the {appointment} for", mid, day, "appointment")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"When is {member}'s {appointment} appointment?", member)
        return
    if kind == "birthday":
        member, relation = payload
        date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"
        mid = qa.add(member, "private", f"My {relation}'s birthday is on {date}.", when)
        qa.ask(member, f"When is my {relation}'s birthday?", mid, date, "birthday")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"When is {member}'s {relation}'s birthday?", member)
        return
    if kind == "belonging":
        member, (item, paraphrases) = payload
        place = rng.choice(PLACES)
        mid = qa.add(member, "private", f"I left my {item} in the {place}.", when)
        qa.ask(member, f"where did I leave my {rng.choice(paraphrases)}?", mid, place, "private-location")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"Where are {member}'s {item}?", member)
                qa.adversarial(other, f"where did I leave my {item}", member)
        return
    if kind == "size":
        member, (what, phrasings, values) = payload
        value = rng.choice(values)
        mid = qa.add(member, "private", f"My {what} is {value}.", when)
        qa.ask(member, f"{rng.choice(phrasings)} do I wear?", mid, value, "private-fact")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"What is {member}'s {what}?", member)
        return
    if kind == "medication":
        member, (medication, schedule) = payload
        mid = qa.add(member, "private", f"I take my {medication} {schedule}.", when)
        qa.ask(member, f"when should I take my {medication}?", mid, schedule, "private-health")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"When does {member} take their {medication}?", member)
                qa.adversarial(other, f"what medication is {member} on", member)
        return
    if kind == "food":
        (member,) = payload
        food = rng.choice(FOODS)
        mid = qa.add(member, "private", f"My favourite dinner is {food}.", when)
        qa.ask(member, "what's my favourite meal?", mid, food, "preference")
        for other in MEMBERS:
            if other != member:
                qa.adversarial(other, f"What does {member} like to eat for dinner?", member)
        return
    if kind == "plant":
        member, plant = payload
        days = rng.randint(2, 14)
        mid = qa.add(member, "household", f"The {plant} needs watering every {days} days.", when)
        qa.ask(rng.choice(MEMBERS), f"How often should the {plant} be watered?", mid, f"{days} days", "care")
        qa.ask(rng.choice(MEMBERS), f"how frequently does the {plant} need water", mid, f"{days} days", "care")
        return
    if kind == "activity":
        member, activity = payload
        day = rng.choice(WEEKDAYS)
        mid = qa.add(member, "household", f"{member}'s {activity} is every {day} after school.", when)
        qa.ask(rng.choice(MEMBERS), f"What day is {member}'s {activity}?", mid, day, "schedule")
        return
    if kind == "repair":
        appliance, company, who = payload
        date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"
        mid = qa.add(who, "household", f"The {appliance} was repaired by {company} on {date}.", when)
        qa.ask(rng.choice(MEMBERS), f"Who fixed the {appliance}?", mid, company, "episode")
        qa.ask(rng.choice(MEMBERS), f"when was the {appliance} last repaired", mid, date, "episode")
        return
    raise ValueError(kind)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bench/data/memory"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    qa = generate(args.seed)
    write_jsonl(args.out / "mem.jsonl", qa.memories)
    write_jsonl(args.out / "queries.jsonl", qa.queries)
    write_jsonl(args.out / "leaks.jsonl", qa.leaks)
    print(f"{len(qa.memories)} memories, {len(qa.queries)} questions, {len(qa.leaks)} adversarial questions")


if __name__ == "__main__":
    main()
