function renderNote() {
  const note = window.name;
  document.querySelector('.note').innerHTML = note;
}
renderNote();
