from django.http import HttpResponse

def show_tenant(request):
    tenant = request.session.get("tenant", "default")
    return HttpResponse(tenant.upper())
