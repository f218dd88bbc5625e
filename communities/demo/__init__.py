"""The demo data behind `manage.py seed_demo`.

    seed.py        the demo communities, users, residents and their stays (`seed_demo`)
    work.py        the coach's community work per community, then the apps' seeders from
                   `communities.registry` (the IMO's, and later governance's ...)
    activities.py outreach.py signals.py hours.py safety.py   one seeder per area

The modules import one way (seed -> work -> areas); shared values live in `constants.py`.
"""
