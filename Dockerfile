# syntax=docker/dockerfile:1
# Production image: gunicorn serves the app, WhiteNoise the collected static files. The same image
# runs the Celery worker and beat (see docker-compose.yml). No secrets are baked in.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's native libraries and a font for the PDFs; gettext for compilemessages; the
# PostgreSQL client of the server's major version (PG_MAJOR, as in docker-compose.yml) from the
# PostgreSQL project's apt repository, for `manage.py backup` / `restore` (pg_dump refuses a
# newer server than itself, and Debian's is older).
ARG PG_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core gettext \
        ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl --fail --silent --show-error --max-time 60 \
        -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
        https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-${PG_MAJOR} \
    && apt-get purge -y curl && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 1000 app \
    && useradd --uid 1000 --gid app --create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code change does not re-download them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-cache-dir .

# Dummy values, used only by this build step: the production settings refuse to load without
# them, collectstatic needs neither. The real ones come from the environment at run time.
ARG BUILD_SECRET_KEY=collectstatic-only-not-a-secret
ARG BUILD_ALLOWED_HOSTS=localhost
# (compilemessages fails when there is no locale directory at all, hence the guard.)
RUN if find . -name '*.po' -print -quit | grep -q .; then \
        python manage.py compilemessages --ignore=.venv --ignore=node_modules; \
    fi \
    && SECRET_KEY="$BUILD_SECRET_KEY" ALLOWED_HOSTS="$BUILD_ALLOWED_HOSTS" \
       DJANGO_SETTINGS_MODULE=gemengdwonen.settings.production \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/private-media \
    && chown app:app /app/private-media

# Everything that runs from this image (gunicorn, celery, manage.py) uses the production settings.
ENV DJANGO_SETTINGS_MODULE=gemengdwonen.settings.production

USER app
EXPOSE 8000
CMD ["gunicorn", "gemengdwonen.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
