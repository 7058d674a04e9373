function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const params = new URLSearchParams(window.location.search);
const campaign = params.get('utm_campaign') ?? '';
document.getElementById('promo').innerHTML = 'Campaign: ' + escapeHtml(campaign);
