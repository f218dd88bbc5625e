"""Import of units and residents from CSV and XLSX: all-or-nothing, Dutch errors per row."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities import imports
from communities.constants import PriceClass
from communities.models import Resident, TenancyResident, Unit

D = datetime.date

UNIT_HEADER = "nummer,deel,kamers,oppervlakte,prijsklasse"
RESIDENT_HEADER = "voornaam,achternaam,geboortedatum,email,telefoon,eenheid,ingetrokken_op"


def upload(content, name="import.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def csv_file(*lines, name="import.csv"):
    return upload("\n".join(lines) + "\n", name=name)


def xlsx_file(rows, name="import.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return upload(out.getvalue(), name=name)


def run(world, kind, file, dry_run=False):
    return imports.import_file(
        community=world.community, kind=kind, uploaded_file=file, dry_run=dry_run
    )


def import_url(world):
    return reverse("import_data", args=[world.community.slug])


def post(client, world, kind, file, user="beheerder"):
    client.force_login(world.users[user])
    return client.post(import_url(world), {"kind": kind, "file": file})


def counts():
    return Unit.objects.count(), Resident.objects.count(), TenancyResident.objects.count()


# --- happy paths ---------------------------------------------------------------------------------


def test_units_from_csv_are_created_and_existing_numbers_updated(client, world):
    existing = world.units[0]
    file = csv_file(
        UNIT_HEADER,
        "A-201,Vleugel A,3,60,sociale huur",
        "A-202,vleugel b,1,,Middenhuur",
        f"{existing.number},Vleugel B,4,80,koop",
    )
    response = post(client, world, "eenheden", file)
    assert response.status_code == 302
    assert response.url == reverse("unit_list", args=[world.community.slug])
    new = world.community.units.get(number="A-201")
    assert (new.section.name, new.rooms, new.size_m2) == ("Vleugel A", 3, 60)
    assert new.price_class == PriceClass.SOCIALE_HUUR
    other = world.community.units.get(number="A-202")
    assert other.section.name == "Vleugel B" and other.size_m2 is None
    assert other.price_class == PriceClass.MIDDENHUUR
    existing.refresh_from_db()
    assert (existing.section.name, existing.rooms, existing.price_class) == (
        "Vleugel B",
        4,
        PriceClass.KOOP,
    )
    page = client.get(response.url)
    assert "2 eenheden toegevoegd en 1 eenheid bijgewerkt" in page.content.decode()


def test_stored_price_class_values_are_accepted(world):
    file = csv_file(UNIT_HEADER, "X1,Vleugel A,2,,sociale_huur", "X2,Vleugel A,2,,KOOP")
    outcome = run(world, imports.UNITS, file)
    assert outcome.ok and outcome.created == 2
    assert world.community.units.get(number="X1").price_class == PriceClass.SOCIALE_HUUR


def test_residents_from_csv_are_created_and_moved_in(client, world):
    vacant = world.units[4]
    file = csv_file(
        RESIDENT_HEADER,
        f"Dirk,Smit,01-02-1980,dirk@example.org,06-11112222,{vacant.number},01-05-2024",
        "Eva,  van  Dam ,1975-12-31,,,,",
    )
    response = post(client, world, "bewoners", file)
    assert response.status_code == 302
    assert response.url == reverse("resident_list", args=[world.community.slug])
    dirk = world.community.residents.get(first_name="Dirk")
    assert dirk.date_of_birth == D(1980, 2, 1) and dirk.email == "dirk@example.org"
    assert dirk.phone == "06-11112222"
    stay = dirk.stays.get()
    assert stay.tenancy.unit == vacant and stay.start_date == D(2024, 5, 1)
    eva = world.community.residents.get(first_name="Eva")
    assert eva.last_name == "van Dam" and eva.date_of_birth == D(1975, 12, 31)
    assert not eva.stays.exists()
    page = client.get(response.url)
    assert "2 bewoners toegevoegd" in page.content.decode()


def test_a_resident_may_join_a_shared_unit(world):
    shared = world.units[0]  # Anna lives here since 01-01-2024
    outcome = run(
        world,
        imports.RESIDENTS,
        csv_file(RESIDENT_HEADER, f"Piet,Jansen,,,,{shared.number},1-6-2024"),
    )
    assert outcome.ok, outcome
    assert shared.tenancies.get().occupants.count() == 2


def test_semicolon_separated_csv_with_bom_and_crlf(world):
    content = (
        "\ufeffnummer;deel;kamers;prijsklasse\r\nB-1;Vleugel B;2;koop\r\nB-2;Vleugel B;3;koop\r\n"
    )
    outcome = run(world, imports.UNITS, upload(content))
    assert outcome.ok, outcome
    assert outcome.created == 2
    assert world.community.units.get(number="B-2").rooms == 3


def test_units_and_residents_from_xlsx(world):
    units = xlsx_file(
        [
            ["Nummer", "Deel", "Kamers", "Oppervlakte", "Prijsklasse"],
            [301, "Vleugel A", 3, 55.0, "Sociale huur"],
            [None, None, None, None, None],
            ["302", "Vleugel B", 2, None, "middenhuur"],
        ]
    )
    outcome = run(world, imports.UNITS, units)
    assert outcome.ok, outcome
    assert outcome.created == 2
    assert world.community.units.get(number="301").size_m2 == 55

    residents = xlsx_file(
        [
            list(imports.ResidentResource.COLUMNS),
            ["Fleur", "Bos", datetime.datetime(1990, 4, 15), None, None, 301, D(2024, 3, 1)],
            ["Gijs", "Kok", "15-04-1991", None, "0612345678", "302", "2024-03-02"],
        ]
    )
    outcome = run(world, imports.RESIDENTS, residents)
    assert outcome.ok, outcome
    fleur = world.community.residents.get(first_name="Fleur")
    assert fleur.date_of_birth == D(1990, 4, 15)
    assert fleur.stays.get().tenancy.unit.number == "301"
    assert world.community.residents.get(first_name="Gijs").stays.get().start_date == D(2024, 3, 2)


def test_xlsx_upload_through_the_page(client, world):
    file = xlsx_file([["nummer", "deel", "kamers", "prijsklasse"], ["X-9", "Vleugel A", 2, "koop"]])
    response = post(client, world, "eenheden", file)
    assert response.status_code == 302
    assert world.community.units.filter(number="X-9").exists()


def test_dry_run_reports_counts_and_changes_nothing(world):
    before = counts()
    outcome = run(
        world,
        imports.RESIDENTS,
        csv_file(RESIDENT_HEADER, f"Han,Vos,,,,{world.units[5].number},01-01-2024"),
        dry_run=True,
    )
    assert outcome.ok and outcome.created == 1
    assert counts() == before


# --- all or nothing ----------------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_shows_the_row(client, world):
    before = counts()
    file = csv_file(
        UNIT_HEADER,
        "C-1,Vleugel A,2,40,koop",
        "",
        "C-2,Vleugel A,twee,40,koop",
        "C-3,Vleugel B,1,40,koop",
    )
    response = post(client, world, "eenheden", file)
    assert response.status_code == 200
    assert counts() == before
    page = response.content.decode()
    assert "Er is niets geïmporteerd" in page
    # The header is row 1 and the empty line counts: the bad row is row 4 of the file.
    assert '<th scope="row">4</th>' in page
    assert "kamers: &#x27;twee&#x27; is geen geldig aantal kamers" in page
    assert "Traceback" not in page


def test_failed_real_import_rolls_back_the_good_rows(world):
    before = counts()
    file = csv_file(
        RESIDENT_HEADER,
        f"Ilse,Wit,,,,{world.units[4].number},01-02-2024",
        "Jan,,,,,,",
    )
    outcome = run(world, imports.RESIDENTS, file, dry_run=False)
    assert not outcome.ok
    assert outcome.row_errors == [(3, ["achternaam: Vul een achternaam in."])]
    assert outcome.created == 0
    assert counts() == before


def test_unknown_section_is_a_row_error(world):
    outcome = run(world, imports.UNITS, csv_file(UNIT_HEADER, "D-1,Vleugel Z,2,,koop"))
    assert outcome.row_errors[0][0] == 2
    message = outcome.row_errors[0][1][0]
    assert "Deel 'Vleugel Z' bestaat niet op deze locatie" in message
    assert "Vleugel A, Vleugel B" in message


def test_move_in_before_the_current_tenancy_is_refused_with_the_services_message(client, world):
    occupied = world.units[0]  # let from 01-01-2024
    before = counts()
    file = csv_file(
        RESIDENT_HEADER,
        f"Karin,Mol,,,,{world.units[5].number},01-01-2024",
        f"Lex,Mol,,,,{occupied.number},01-06-2023",
    )
    response = post(client, world, "bewoners", file)
    assert response.status_code == 200
    assert counts() == before
    page = response.content.decode()
    assert '<th scope="row">3</th>' in page
    assert f"Eenheid {occupied.number} is verhuurd vanaf 01-01-2024" in page


def test_same_unit_number_twice_in_one_file(world):
    outcome = run(
        world,
        imports.UNITS,
        csv_file(UNIT_HEADER, "E-1,Vleugel A,2,,koop", "e-1,Vleugel A,3,,koop"),
    )
    assert outcome.row_errors == [(3, ["nummer: Eenheid e-1 staat meer dan eens in het bestand."])]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",Bakker,,,,,", "voornaam: Vul een voornaam in."),
        ("Mia,Bakker,31-02-1990,,,,", "geboortedatum: '31-02-1990' is geen geldige datum"),
        ("Mia,Bakker,01/02/1990,,,,", "geboortedatum: '01/02/1990' is geen geldige datum"),
        ("Mia,Bakker,01-01-2999,,,,", "geboortedatum: 01-01-2999 ligt in de toekomst."),
        ("Mia,Bakker,,mia@,,,", "email: 'mia@' is geen geldig e-mailadres."),
        ("Mia,Bakker,,,bel me,,", "telefoon: 'bel me' is geen geldig telefoonnummer"),
        ("Mia,Bakker,,,,Z-99,01-01-2024", "eenheid: Eenheid 'Z-99' bestaat niet op deze locatie."),
        ("Mia,Bakker,,,,UNIT,", "ingetrokken_op: Vul de datum van intrek in"),
        ("Mia,Bakker,,,,,01-01-2024", "ingetrokken_op: Vul ook de eenheid in"),
        ("Mia,Bakker,,,,UNIT,01-01-2999", "ingetrokken_op: 01-01-2999 ligt in de toekomst."),
        ("Mia,Bakker,01-01-2000,,,UNIT,01-01-1999", "ligt vóór de geboortedatum"),
        ("Mia," + "B" * 101 + ",,,,,", "achternaam: Zorg dat deze waarde niet meer dan 100 tekens"),
    ],
)
def test_resident_fields_are_validated_in_dutch(world, row, expected):
    row = row.replace("UNIT", world.units[5].number)
    outcome = run(world, imports.RESIDENTS, csv_file(RESIDENT_HEADER, row))
    assert not outcome.ok
    [(number, messages)] = outcome.row_errors
    assert number == 2
    assert any(expected in message for message in messages), messages
    assert not world.community.residents.filter(first_name="Mia").exists()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",Vleugel A,2,,koop", "nummer: Vul het nummer van de eenheid in."),
        ("F-1,,2,,koop", "deel: Vul de naam van het deel in."),
        ("F-1,Vleugel A,0,,koop", "kamers: '0' is geen geldig aantal kamers"),
        ("F-1,Vleugel A,2.5,,koop", "kamers: '2.5' is geen geldig aantal kamers"),
        ("F-1,Vleugel A,,,koop", "kamers: Vul het aantal kamers in."),
        ("F-1,Vleugel A,2,5,koop", "oppervlakte: '5' is geen geldige oppervlakte"),
        ("F-1,Vleugel A,2,,huur", "prijsklasse: Onbekende prijsklasse 'huur'"),
        ("F-1,Vleugel A,2,,", "prijsklasse: Vul de prijsklasse in"),
        (
            "F-1" + "1" * 20 + ",Vleugel A,2,,koop",
            "nummer: Zorg dat deze waarde niet meer dan 20 tekens",
        ),
    ],
)
def test_unit_fields_are_validated_in_dutch(world, row, expected):
    outcome = run(world, imports.UNITS, csv_file(UNIT_HEADER, row))
    [(number, messages)] = outcome.row_errors
    assert number == 2
    assert any(expected in message for message in messages), messages
    assert not world.community.units.filter(number__startswith="F-1").exists()


def test_all_errors_of_a_row_are_listed(world):
    outcome = run(world, imports.RESIDENTS, csv_file(RESIDENT_HEADER, ",,morgen,x,,,"))
    [(_, messages)] = outcome.row_errors
    assert len(messages) == 4


def test_value_in_a_column_without_header_is_a_row_error(world):
    outcome = run(
        world, imports.RESIDENTS, csv_file("voornaam,achternaam", "Jan,de Vries, Jr.", "Ans,Bos")
    )
    [(number, messages)] = outcome.row_errors
    assert number == 2 and "kolom zonder kopje" in messages[0]
    assert not Resident.objects.filter(first_name="Ans").exists()


# --- the file as a whole -----------------------------------------------------------------------


def test_file_that_is_not_utf8_gets_a_clear_message(client, world):
    content = (RESIDENT_HEADER + "\nRené,Dupré,,,,,\n").encode("latin-1")
    response = post(client, world, "bewoners", upload(content))
    assert response.status_code == 200
    assert "Het bestand is geen geldige UTF-8 CSV" in response.content.decode()
    assert not Resident.objects.filter(first_name__startswith="Ren").exists()


def test_utf8_accents_are_kept(world):
    outcome = run(world, imports.RESIDENTS, csv_file(RESIDENT_HEADER, "René,Dupré-Çelik,,,,,"))
    assert outcome.ok
    assert world.community.residents.filter(first_name="René", last_name="Dupré-Çelik").exists()


def test_missing_header_is_named(world):
    outcome = run(world, imports.UNITS, csv_file("nummer,kamers,prijsklasse", "G-1,2,koop"))
    assert outcome.general_errors == [
        "De kolom 'deel' ontbreekt in de eerste regel van het bestand."
    ]
    outcome = run(world, imports.RESIDENTS, csv_file("voornaam,eenheid", "Jan,101"))
    assert "De kolommen 'achternaam', 'ingetrokken_op' ontbreken" in outcome.general_errors[0]


def test_unknown_header_is_refused(world):
    outcome = run(world, imports.RESIDENTS, csv_file("voornaam,achternaam,bsn", "Jan,Vos,123"))
    assert "Onbekende kolom 'bsn'" in outcome.general_errors[0]


def test_oversized_file_is_refused(client, world, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    file = csv_file(UNIT_HEADER, *[f"H-{i},Vleugel A,2,,koop" for i in range(10)])
    response = post(client, world, "eenheden", file)
    assert response.status_code == 200
    assert "Het bestand is te groot" in response.content.decode()
    assert not world.community.units.filter(number__startswith="H-").exists()


def test_too_many_rows_are_refused(world, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    rows = [f"Naam{i},Achternaam,,,,," for i in range(imports.MAX_ROWS + 1)]
    outcome = run(world, imports.RESIDENTS, csv_file(RESIDENT_HEADER, *rows))
    assert "meer dan 5000 regels" in outcome.general_errors[0]


@pytest.mark.parametrize("name", ["eenheden.txt", "eenheden.xls", "eenheden", "eenheden.csv.exe"])
def test_other_extensions_are_refused(client, world, name):
    response = post(
        client, world, "eenheden", csv_file(UNIT_HEADER, "I-1,Vleugel A,2,,koop", name=name)
    )
    assert response.status_code == 200
    assert "Alleen CSV-bestanden (.csv) en Excel-bestanden (.xlsx)" in response.content.decode()
    assert not world.community.units.filter(number="I-1").exists()


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_file(client, world, content):
    response = post(client, world, "eenheden", upload(content))
    assert response.status_code == 200
    assert "Het bestand is leeg." in response.content.decode()


def test_header_only(world):
    outcome = run(world, imports.UNITS, csv_file(UNIT_HEADER))
    assert outcome.general_errors == ["Het bestand bevat alleen een kopregel en geen gegevens."]


def test_corrupt_xlsx(client, world):
    response = post(client, world, "eenheden", upload(b"PK\x03\x04 not really a zip", "x.xlsx"))
    assert "Het Excel-bestand kan niet worden gelezen" in response.content.decode()
    outcome = run(world, imports.UNITS, upload(UNIT_HEADER + "\n", "x.xlsx"))
    assert "Het Excel-bestand kan niet worden gelezen" in outcome.general_errors[0]


def test_xlsx_named_csv(world):
    file = xlsx_file([["nummer"]], name="eenheden.csv")
    outcome = run(world, imports.UNITS, file)
    assert "Dit lijkt een Excel-bestand" in outcome.general_errors[0]


def test_no_file_chosen(client, world):
    client.force_login(world.users["beheerder"])
    response = client.post(import_url(world), {"kind": "eenheden"})
    assert "Kies een bestand om te importeren." in response.content.decode()


FORMULA = "=cmd|' /C calc'!A0"


def test_formula_looking_cells_are_stored_as_plain_text(world):
    quoted = '"' + FORMULA + '"'
    outcome = run(world, imports.RESIDENTS, csv_file(RESIDENT_HEADER, f"{quoted},@SUM(A1),,,,,"))
    assert outcome.ok, outcome
    assert world.community.residents.filter(first_name=FORMULA, last_name="@SUM(A1)").exists()
    outcome = run(
        world, imports.RESIDENTS, xlsx_file([["voornaam", "achternaam"], [FORMULA, "+1+1"]])
    )
    assert outcome.ok, outcome
    assert world.community.residents.filter(first_name=FORMULA, last_name="+1+1").count() == 1


# --- the page, the template and access --------------------------------------------------------


def test_the_page_explains_the_columns(client, world):
    client.force_login(world.users["beheerder"])
    response = client.get(import_url(world) + "?soort=bewoners")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".csv,.xlsx"' in page
    assert 'value="bewoners" checked' in page
    for column in imports.UnitResource.COLUMNS + imports.ResidentResource.COLUMNS:
        assert f"<code>{column}</code>" in page
    assert '<label class="form-label fw-semibold" for="id_file">' in page


@pytest.mark.parametrize(
    ("kind", "resource"), [("eenheden", "UnitResource"), ("bewoners", "ResidentResource")]
)
def test_template_download_has_the_headers(client, world, kind, resource):
    client.force_login(world.users["beheerder"])
    response = client.get(reverse("import_template", args=[world.community.slug]), {"soort": kind})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="sjabloon-{kind}.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert tuple(header) == getattr(imports, resource).COLUMNS
    assert len(example) == len(header)


def test_the_unit_template_imports_as_is(client, world):
    client.force_login(world.users["beheerder"])
    url = reverse("import_template", args=[world.community.slug])
    text = client.get(url, {"soort": "eenheden"}).content.decode("utf-8-sig")
    outcome = run(world, imports.UNITS, upload(text.encode("utf-8")))
    assert outcome.ok, outcome
    assert world.community.units.filter(number="101").exists()


def test_template_kind(client, world):
    client.force_login(world.users["beheerder"])
    url = reverse("import_template", args=[world.community.slug])
    assert client.get(url, {"soort": "iets"}).status_code == 404
    # Without a kind: the units template.
    assert client.get(url).content.decode("utf-8-sig").startswith("nummer;deel;")


def import_urls(world):
    slug = world.community.slug
    return [
        reverse("import_data", args=[slug]),
        reverse("import_template", args=[slug]) + "?soort=eenheden",
    ]


@pytest.mark.parametrize("username", ["coach", "locatie", "gemeente", "begeleider", "stuurgroep"])
def test_only_the_sociaal_beheerder_may_import(client, world, username):
    client.force_login(world.users[username])
    for url in import_urls(world):
        assert client.get(url).status_code == 403
    file = csv_file(UNIT_HEADER, "J-1,Vleugel A,2,,koop")
    response = client.post(import_url(world), {"kind": "eenheden", "file": file})
    assert response.status_code == 403
    assert not Unit.objects.filter(number="J-1").exists()


def test_a_member_of_another_community_gets_404(client, world):
    client.force_login(world.users["buitenstaander"])
    for url in import_urls(world):
        assert client.get(url).status_code == 404
    file = csv_file(UNIT_HEADER, "K-1,Vleugel A,2,,koop")
    response = client.post(import_url(world), {"kind": "eenheden", "file": file})
    assert response.status_code == 404
    assert not Unit.objects.filter(number="K-1").exists()


def test_anonymous_is_sent_to_login(client, world):
    for url in import_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url
    file = csv_file(UNIT_HEADER, "L-1,Vleugel A,2,,koop")
    response = client.post(import_url(world), {"kind": "eenheden", "file": file})
    assert response.status_code == 302 and reverse("login") in response.url
    assert not Unit.objects.filter(number="L-1").exists()


def test_import_links_only_for_who_may_import(client, world):
    slug = world.community.slug
    link = reverse("import_data", args=[slug])
    client.force_login(world.users["beheerder"])
    assert link in client.get(reverse("unit_list", args=[slug])).content.decode()
    assert link in client.get(reverse("resident_list", args=[slug])).content.decode()
    client.force_login(world.users["locatie"])  # manages units, but not residents
    page = client.get(reverse("unit_list", args=[slug])).content.decode()
    assert link not in page and reverse("unit_create", args=[slug]) in page
    client.force_login(world.users["coach"])
    assert link not in client.get(reverse("resident_list", args=[slug])).content.decode()
