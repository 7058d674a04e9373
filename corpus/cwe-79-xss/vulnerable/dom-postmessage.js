window.addEventListener('message', (event) => {
  const panel = document.querySelector('#chat');
  panel.insertAdjacentHTML('beforeend', `<p>${event.data.text}</p>`);
});
