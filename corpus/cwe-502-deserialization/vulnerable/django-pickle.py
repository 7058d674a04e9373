import pickle
from django.http import JsonResponse

def load_cart(request):
    cart = pickle.loads(request.body)
    return JsonResponse({"items": len(cart)})
