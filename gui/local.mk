# gui/local.mk: discwright-gtk.  configure checks GTK 3 (ENABLE_GUI,
# --disable-gui turns it off); the application itself is issue #9.
