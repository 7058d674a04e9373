from lxml import etree
from django.http import JsonResponse

PARSER = etree.XMLParser(resolve_entities=True)

def import_feed(request):
    root = etree.fromstring(request.body, PARSER)
    return JsonResponse({"items": len(root)})
