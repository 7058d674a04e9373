from django.http import JsonResponse
from django.db import connection

DEBUG_SQL = False

def lookup(request):
    name = request.GET.get("name", "")
    with connection.cursor() as cursor:
        if DEBUG_SQL:
            cursor.execute("SELECT * FROM people WHERE name = '%s'" % name)
        cursor.execute("SELECT * FROM people WHERE name = %s", [name])
        return JsonResponse({"rows": cursor.fetchall()})
