"""Names the demo modules share (the demo organisations), so the area seeders need not import
`seed.py`, which imports them: the modules import one way."""

MUNICIPALITY = "Gemeente Rivierstad"
CORPORATION = "Woonstichting De Linde"
CARE_HORIZON = "Zorggroep Horizon"
CARE_ANKER = "Stichting Anker"
WELFARE = "Welzijn Rivierstad"
COACHING = "Communitycoaching Rivierstad"
ANKER_ASSOCIATION = "Bewonersvereniging Het Anker"
