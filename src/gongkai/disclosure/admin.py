from django.contrib import admin

from .models import Category, Genre


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    list_editable = ("name", "order")


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
