"""Word lists for the privacy filter: common first names (to catch a name that opens a sentence or is typed in
lower case) and capitalised words that are not names (so they stay readable for the remote model)."""

from __future__ import annotations

from typing import Final

FIRST_NAMES: Final = frozenset(
    """
    aaron abdul abigail adam adrian ahmed aisha alan albert alejandro alex alexander alexandra alexis alfred ali
    alice alicia alison amanda amber amelia amir amy ana andre andrea andrew andy angela anita ann anna anne annie
    anthony antonio anya arjun arthur ashley aurora ava barbara beatrice ben benjamin bernard beth betty beverly bianca
    boris brandon brenda brian bridget brittany bruce bryan caitlin caleb cameron camila carl carla carlos carmen
    carol caroline carolyn catherine cecilia charles charlie charlotte chen chloe chris christian christina christine
    christopher cindy claire clara claudia colin connor craig cynthia daniel daniela danielle david deborah debra
    deepak denise dennis derek diana diane diego dmitri dominic donald donna doris dorothy dylan edward elena eli
    elijah elizabeth ella ellen emily emma eric erica erik ethan eugene eva evelyn fatima felix fernando fiona
    francesca francisco frederick gabriel gabriela gary george georgia gerald gloria gordon greg gregory hannah
    harold harry hassan heather helen henry hiroshi holly howard hugo ian igor irene isaac isabel isabella ivan
    jacob jacqueline james jamie jane janet janice jasmine jason javier jayden jean jeffrey jennifer jeremy jerry
    jessica jesus jill joan joanna joe joel johannes john jonathan jordan jorge jose joseph joshua juan judith
    julia julian julie justin kai karen karl kate katherine kathleen kathryn katie kayla keith kelly kenneth kenji
    kevin kim kimberly kyle laura lauren leah lena leo leon liam lily linda lisa logan lorenzo louis louise lucas
    lucia lucy luis luke lydia madison magdalena maria mariana marie marilyn mario marta martha martin mary mateo
    matthew maya megan melissa mia michael michelle miguel mike mila mohammed mohammad muhammad monica nadia nancy
    natalie nathan nicholas nicole nikolai noah nora olga olivia omar oscar owen pablo pamela patricia patrick paul
    paula pedro peter philip phillip priya rachel rafael rahul ralph randy raymond rebecca richard rita robert
    roberto robin roger ronald rosa ruby russell ruth ryan sakura samantha samuel sandra sara sarah scott sean
    sebastian sergei sharon shirley simon sofia sophia sophie stephanie stephen steven susan sven taylor teresa
    theresa thomas timothy tom tommy tyler valentina vanessa victor victoria vincent virginia walter wei william
    xavier yara yuki yusuf zach zachary zoe zoey
    """.split()  # noqa: SIM905
)
"""Names matched in any case and at the start of a sentence (capitalised words elsewhere are caught anyway)."""

NOT_NAMES: Final = frozenset(
    """
    i i'm i've i'd i'll a an the and or but if then so my your our his her their its this that these those what
    when where which who whom whose why how is are was were be been do does did can could would should will shall
    may might must please thanks thank hello hi hey ok okay yes no not also just what's it's let's tell call
    send text email message remind ask write book find show give get set turn make add put take check
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight morning evening
    january february march april may june july august september october november december
    mom mum dad mother father grandma grandpa granny aunt uncle sister brother wife husband son daughter
    doctor dr mr mrs ms miss prof sir madam
    christmas easter halloween thanksgiving new year eve birthday anniversary
    english german french spanish italian chinese japanese
    tv wifi wi-fi usb pin atm id ai gps sms pdf hvac
    hearth home assistant google amazon apple alexa siri netflix spotify youtube
    street road avenue lane drive apt apartment suite unit floor
    """.split()  # noqa: SIM905
)
"""Capitalised words that are not a person's name on their own."""

NOT_PEOPLE: Final = frozenset(
    """
    back later now again all everyone everybody someone somebody anyone anybody nobody home up out off in on over
    him her them me us you it this that these those there here what when where if whether how why so to for about
    the a an my your his our their mom mum dad grandma grandpa granny kids children family neighbours neighbors
    doctor police ambulance taxi uber cab plumber electrician dentist vet work school office friends guests
    people somebody's everyone's tomorrow today tonight soon first next last each every both either some any
    no not too very much more less most least one two three four five six seven eight nine ten
    """.split()  # noqa: SIM905
)
"""Lower-case words after "tell", "call", "remind"… that are not a person ("call back", "tell everyone")."""
