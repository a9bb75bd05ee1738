from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from .models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent")
    search_fields = ("name", "short_name", "code")
    list_filter = ("kind",)


class ForcedChangePasswordForm(AdminPasswordChangeForm):
    """A password set by an administrator must be changed by its owner at the next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ("username", "full_name", "agency", "roles", "is_active", "must_change_password")
    list_filter = ("agency", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("机关与角色", {"fields": ("agency", "roles", "full_name")}),
        ("身份鉴别", {"fields": ("must_change_password", "password_changed_at")}),
    )
    change_password_form = ForcedChangePasswordForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # first login: the owner sets their own password
        super().save_model(request, obj, form, change)
