from django.shortcuts import render


def product_review(request):
    review = request.POST.get("review", "")
    return render(request, "shop/review.html", {"review": review, "stars": 5})
