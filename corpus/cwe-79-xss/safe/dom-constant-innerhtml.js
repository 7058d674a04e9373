const page = new URLSearchParams(location.search).get('page');
const target = document.getElementById('spinner');
target.innerHTML = '<span class="spinner" aria-label="loading"></span>';
console.log('loading page', page);
