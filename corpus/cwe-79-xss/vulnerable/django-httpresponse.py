from django.http import HttpResponse

def comment_preview(request):
    text = request.POST.get("text", "")
    html = "<blockquote>" + text + "</blockquote>"
    return HttpResponse(html)
