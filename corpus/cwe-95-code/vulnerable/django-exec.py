from django.http import HttpResponse

def hook(request):
    snippet = request.POST["snippet"]
    scope = {}
    exec("def handler():\n    " + snippet, scope)
    return HttpResponse(str(scope["handler"]()))
