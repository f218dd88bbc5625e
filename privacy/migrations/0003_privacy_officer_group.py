"""The group "Privacyfunctionaris" with the permission to handle data-subject requests. The
functioneel beheerder adds a user to it in the admin; the staff flag alone opens nothing under
/privacy/."""

from django.db import migrations

GROUP = "Privacyfunctionaris"
CODENAME = "handle_subject_requests"


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; this one is needed now.
    privacy = apps.get_app_config("privacy")
    privacy.models_module = True
    create_permissions(privacy, verbosity=0, apps=apps)
    privacy.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="privacy", codename=CODENAME)
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_reason_and_privacy_officer"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
