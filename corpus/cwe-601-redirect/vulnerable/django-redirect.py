from django.shortcuts import redirect

def switch_language(request):
    response = redirect(request.GET["next"])
    response.set_cookie("lang", request.GET.get("lang", "en"), secure=True, httponly=True)
    return response
