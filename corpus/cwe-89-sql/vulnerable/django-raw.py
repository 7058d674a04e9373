from django.http import JsonResponse
from .models import Article

def articles(request):
    order = request.GET.get("order", "date")
    query = "SELECT * FROM blog_article ORDER BY %s" % order
    rows = Article.objects.raw(query)
    return JsonResponse({"titles": [a.title for a in rows]})
