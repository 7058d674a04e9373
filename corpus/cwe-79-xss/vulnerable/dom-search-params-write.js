const params = new URLSearchParams(window.location.search);
const campaign = params.get('utm_campaign');
document.write('<div class="promo">Campaign: ' + campaign + '</div>');
