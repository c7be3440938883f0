# gui/local.mk: discwright-gtk, the GTK 3 front end (issue #9).  configure
# checks GTK 3 (ENABLE_GUI; --disable-gui turns it off).  The .ui
# templates and the icon are compiled into a GResource; the GSettings
# schema is compiled into gui/schemas/ of the build tree for the tests
# and installed as XML (distributions compile installed schemas).
GUI_DIST_FILES = gui/data/org.discwright.Discwright.gschema.xml \
	gui/data/org.discwright.Discwright.desktop \
	gui/data/org.discwright.Discwright.metainfo.xml \
	gui/data/icons/org.discwright.Discwright.svg
GUI_UI = gui/ui/window.ui gui/ui/drive_list.ui gui/ui/view_disc.ui gui/ui/view_rip.ui \
	gui/ui/view_author.ui gui/ui/view_burn.ui gui/ui/view_verify.ui gui/ui/gtk/help-overlay.ui
EXTRA_DIST += $(GUI_DIST_FILES) $(GUI_UI) gui/style.css gui/discwright.gresource.xml po/POTFILES.in po/LINGUAS \
	tests/gui_app.sh tests/gui_desktop.sh tests/gui_dogtail.sh tests/gui_library.sh tests/gui/smoke.py

if ENABLE_GUI
GUI_CPPFLAGS = $(AM_CPPFLAGS) $(GTK_CFLAGS) -DGETTEXT_PACKAGE=\"discwright\" -DLOCALEDIR=\"$(localedir)\"

noinst_LTLIBRARIES += gui/libdwgui.la
gui_libdwgui_la_SOURCES = gui/gui.h gui/app.c gui/window.c gui/window_actions.c gui/gui_job.c gui/settings.c \
	gui/widgets.c gui/job_bar.c gui/jobs_list.c gui/drive_list.c gui/sector_map.c gui/view_disc.c gui/view_rip.c \
	gui/view_rip_audio.c gui/view_rip_private.h \
	gui/view_author.c gui/view_author_boot.c gui/view_author_private.h gui/view_burn.c gui/view_verify.c \
	gui/view_library.c gui/archive_panel.c
nodist_gui_libdwgui_la_SOURCES = gui/resources.c
gui_libdwgui_la_CPPFLAGS = $(GUI_CPPFLAGS)
gui_libdwgui_la_LIBADD = libdiscwright.la $(GTK_LIBS) $(DW_LIBS)

bin_PROGRAMS += gui/discwright-gtk
gui_discwright_gtk_SOURCES = gui/main.c
gui_discwright_gtk_CPPFLAGS = $(GUI_CPPFLAGS)
gui_discwright_gtk_LDADD = gui/libdwgui.la libdiscwright.la $(GTK_LIBS) $(DW_LIBS)

gui/resources.c: $(top_srcdir)/gui/local.mk $(top_srcdir)/gui/discwright.gresource.xml $(GUI_UI) gui/style.css gui/data/icons/org.discwright.Discwright.svg
	$(AM_V_GEN)$(MKDIR_P) gui && glib-compile-resources --sourcedir=$(top_srcdir)/gui --generate-source \
		--c-name dw_gui --manual-register --target=$@.tmp $(top_srcdir)/gui/discwright.gresource.xml && mv $@.tmp $@
BUILT_SOURCES += gui/resources.c
CLEANFILES += gui/resources.c

# The schema compiled into the build tree: the tests use it
# (GSETTINGS_SCHEMA_DIR=gui/schemas) and discwright-gtk run from the build
# tree finds it beside itself (gui/settings.c); an installed app uses the
# installed one.
gui/schemas/gschemas.compiled: $(top_srcdir)/gui/data/org.discwright.Discwright.gschema.xml
	$(AM_V_GEN)$(MKDIR_P) gui/schemas && cp $(top_srcdir)/gui/data/org.discwright.Discwright.gschema.xml gui/schemas/ && \
		glib-compile-schemas --strict gui/schemas
noinst_DATA = gui/schemas/gschemas.compiled
CLEANFILES += gui/schemas/gschemas.compiled gui/schemas/org.discwright.Discwright.gschema.xml

gsettingsschemadir = $(datadir)/glib-2.0/schemas
gsettingsschema_DATA = gui/data/org.discwright.Discwright.gschema.xml
desktopdir = $(datadir)/applications
desktop_DATA = gui/data/org.discwright.Discwright.desktop
metainfodir = $(datadir)/metainfo
metainfo_DATA = gui/data/org.discwright.Discwright.metainfo.xml
guiicondir = $(datadir)/icons/hicolor/scalable/apps
guiicon_DATA = gui/data/icons/org.discwright.Discwright.svg

check_PROGRAMS += tests/gui/test_gui
tests_gui_test_gui_SOURCES = tests/gui/test_gui.c tests/gui/test_gui_burn.c tests/gui/test_gui_usability.c \
	tests/gui/test_gui_audio.c tests/gui/test_gui_recorder.c tests/gui/test_gui_library.c tests/gui/test_gui.h
tests_gui_test_gui_CPPFLAGS = $(GUI_CPPFLAGS)
tests_gui_test_gui_LDADD = gui/libdwgui.la libdiscwright.la $(GTK_LIBS) $(DW_LIBS)

TESTS += tests/gui_desktop.sh tests/gui_app.sh tests/gui_dogtail.sh tests/gui_library.sh
endif
