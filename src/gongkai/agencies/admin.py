from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent")
    search_fields = ("name", "short_name", "code")
    list_filter = ("kind",)


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ("username", "full_name", "agency", "roles", "is_active")
    list_filter = ("agency", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("机关与角色", {"fields": ("agency", "roles", "full_name")}))
