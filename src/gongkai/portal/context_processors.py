def reading_preferences(request):
    return {
        "reading_lang": getattr(request, "reading_lang", "zh-hans"),
        "reading_mode": getattr(request, "reading_mode", "standard"),
    }
