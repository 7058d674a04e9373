from django.shortcuts import render

BANNER = "<strong>Free shipping this week</strong>"


def product_review(request):
    review = request.POST.get("review", "")
    return render(request, "shop/review.html", {"review": review, "banner": BANNER})
