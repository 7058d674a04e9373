import xml.sax
from xml.sax.handler import feature_external_ges
from django.http import JsonResponse

class Counter(xml.sax.ContentHandler):
    count = 0
    def startElement(self, name, attrs):
        self.count += 1

def count_elements(request):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    handler = Counter()
    parser.setContentHandler(handler)
    xml.sax.parseString(request.body, handler)
    return JsonResponse({"elements": handler.count})
