import xml.etree.ElementTree as ET
from django.http import JsonResponse

def import_feed(request):
    root = ET.fromstring(request.body)
    return JsonResponse({"items": len(root)})
