from django.http import JsonResponse
from lxml import etree

CATALOG = etree.parse("catalog.xml")

def product(request, sku):
    nodes = CATALOG.xpath("//product[@sku='%s']/price/text()" % sku)
    return JsonResponse({"price": nodes[0] if nodes else None})
