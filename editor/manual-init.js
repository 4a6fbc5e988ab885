// The editing app starts Decap CMS itself (app.js), after registering its file formats, widgets and previews.
window.CMS_MANUAL_INIT = true;
