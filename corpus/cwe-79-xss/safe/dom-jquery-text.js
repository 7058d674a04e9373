/* global $ */
$(function () {
  const q = new URL(document.URL).searchParams.get('q');
  $('#results-title').text('Results for ' + q);
});
