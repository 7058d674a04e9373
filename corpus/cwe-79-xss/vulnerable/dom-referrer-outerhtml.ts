export function showReturnLink(): void {
  const link = document.getElementById('back') as HTMLElement;
  link.outerHTML = `<a id="back" href="${document.referrer}">Back</a>`;
}
