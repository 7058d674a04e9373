window.addEventListener('message', (event) => {
  if (event.origin !== 'https://chat.example.com') return;
  const line = document.createElement('p');
  line.textContent = String(event.data.text);
  document.querySelector('#chat').appendChild(line);
});
