from django.http import HttpResponse
from django.utils.html import escape

def comment_preview(request):
    text = escape(request.POST.get("text", ""))
    return HttpResponse("<blockquote>" + text + "</blockquote>")
