// A browser script: the page greets whoever the link names.
const banner = document.getElementById('banner');
const who = decodeURIComponent(window.location.hash.slice(1));
banner.innerHTML = '<strong>Welcome, ' + who + '</strong>';
