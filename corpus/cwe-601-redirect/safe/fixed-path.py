from django.shortcuts import redirect

def old_profile(request, user_id):
    return redirect("/profiles/%d/" % int(user_id))
