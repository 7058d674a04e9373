import os
from django.http import FileResponse

MEDIA = "/srv/media"

def download(request):
    name = request.GET["name"]
    return FileResponse(open(os.path.join(MEDIA, name), "rb"))
