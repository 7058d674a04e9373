from django.http import HttpResponse

def set_tenant(request):
    request.session["tenant"] = request.POST.get("tenant")
    return HttpResponse("ok")
