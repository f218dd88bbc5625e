"""The demo data behind `manage.py seed_demo`.

    seed.py        the demo communities, users, residents and their stays (`seed_demo`)
    work.py        the coach's community work per community, then the apps' seeders from
                   `communities.registry` (the IMO's, and later governance's ...)
    activities.py outreach.py signals.py hours.py safety.py   one seeder per area
    synthetic.py   `manage.py generate_synthetic`: many locations with years of history, in
                   bulk, for the benchmark; then the apps' extenders from `communities.registry`

The modules import one way (seed -> work -> areas); shared values live in `constants.py`.
"""
