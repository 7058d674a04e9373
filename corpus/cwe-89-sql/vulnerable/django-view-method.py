from django.db import connection
from django.http import JsonResponse
from django.views import View


class CustomerSearch(View):
    def get(self, request):
        return JsonResponse({"rows": self.lookup(request.GET["q"])})

    def lookup(self, term):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, name FROM customers WHERE name LIKE '%%" + term + "%%'")
            return cursor.fetchall()
