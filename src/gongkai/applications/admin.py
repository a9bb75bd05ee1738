from django.contrib import admin

from .models import IntakeOptions


@admin.register(IntakeOptions)
class IntakeOptionsAdmin(admin.ModelAdmin):
    list_display = ("agency", "asks_id_proof")
