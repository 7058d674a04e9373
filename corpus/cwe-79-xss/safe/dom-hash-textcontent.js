// A browser script: the page greets whoever the link names, as text.
const banner = document.getElementById('banner');
const who = decodeURIComponent(window.location.hash.slice(1));
banner.textContent = 'Welcome, ' + who;
