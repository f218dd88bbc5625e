"""Outreach and ABCD: contacts and who was not reached lately, the attention list, talents and
needs, places in the neighbourhood.

models.py    the area's models (defined in communities/models/, one Django app)
services.py  the area's rules, reads and writes
forms.py     input, validated before a service is called
views.py     thin views: scope through `communities.access`, a form, a service
urls.py      the area's URLs, included from communities/urls.py
"""
