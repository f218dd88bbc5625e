"""URLs of this area; included from communities/urls.py."""

urlpatterns: list = []
