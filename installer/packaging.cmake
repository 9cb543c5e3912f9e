# Install rules and CPack packages, included by the root CMakeLists.txt after the
# pushscope target exists. The version everywhere is project(VERSION).
include(GNUInstallDirs)

set(PUSHSCOPE_APP_ID "io.github.pushscope.PushScope")
set(PUSHSCOPE_RELEASE_DATE "2026-11-24")
set(PUSHSCOPE_ICON_SIZES 16 32 48 64 128 256)

# PNG icons rendered from the SVG at build time by a small QtSvg helper (no extra tool).
qt_add_executable(pushscope_svgtopng ${CMAKE_CURRENT_LIST_DIR}/tools/svgtopng.cpp)
set_target_properties(pushscope_svgtopng PROPERTIES WIN32_EXECUTABLE OFF MACOSX_BUNDLE OFF)
target_link_libraries(pushscope_svgtopng PRIVATE Qt6::Gui Qt6::Svg pushscope_options)

set(pushscope_icon_svg ${PROJECT_SOURCE_DIR}/resources/icons/pushscope.svg)
set(pushscope_icon_dir ${PROJECT_BINARY_DIR}/icons/hicolor)
set(pushscope_icon_pngs)
foreach(size IN LISTS PUSHSCOPE_ICON_SIZES)
    list(APPEND pushscope_icon_pngs
        ${pushscope_icon_dir}/${size}x${size}/apps/${PUSHSCOPE_APP_ID}.png)
endforeach()
add_custom_command(OUTPUT ${pushscope_icon_pngs}
    COMMAND pushscope_svgtopng ${pushscope_icon_svg} ${pushscope_icon_dir}
            ${PUSHSCOPE_APP_ID}.png ${PUSHSCOPE_ICON_SIZES}
    DEPENDS pushscope_svgtopng ${pushscope_icon_svg}
    COMMENT "Rendering the application icon to PNG"
    VERBATIM)
add_custom_target(pushscope_icon_pngs ALL DEPENDS ${pushscope_icon_pngs})
add_dependencies(pushscope pushscope_icon_pngs)

configure_file(${CMAKE_CURRENT_LIST_DIR}/${PUSHSCOPE_APP_ID}.metainfo.xml.in
    ${PROJECT_BINARY_DIR}/${PUSHSCOPE_APP_ID}.metainfo.xml @ONLY)

install(TARGETS pushscope
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    BUNDLE DESTINATION .)

if(WIN32 OR APPLE)
    # On Linux the Debian Qt packages provide Qt; elsewhere Qt is deployed next to the app.
    qt_generate_deploy_app_script(TARGET pushscope
        FILENAME_VARIABLE pushscope_deploy_script
        NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT ${pushscope_deploy_script})
endif()

if(UNIX AND NOT APPLE)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/${PUSHSCOPE_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${PROJECT_BINARY_DIR}/${PUSHSCOPE_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${pushscope_icon_svg}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${PUSHSCOPE_APP_ID}.svg)
    foreach(size IN LISTS PUSHSCOPE_ICON_SIZES)
        install(FILES ${pushscope_icon_dir}/${size}x${size}/apps/${PUSHSCOPE_APP_ID}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
endif()
install(FILES ${CMAKE_CURRENT_LIST_DIR}/LICENSE
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/pushscope)

# --- CPack -----------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME "pushscope")
set(CPACK_PACKAGE_VENDOR "PushScope developers")
set(CPACK_PACKAGE_CONTACT "PushScope developers <pushscope@example.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "PushScope lists every group on one or more Prometheus Pushgateways with its push age
and the outcome of the last push, filters them, and deletes obsolete groups safely
(exact grouping keys, a backup before each delete, restore). The same binary offers
headless commands: pushscope list, delete and restore.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "PushScope")
set(CPACK_PACKAGE_EXECUTABLES "pushscope" "PushScope")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_CURRENT_LIST_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
# Packages go to <build>/packages, not to the directory cpack runs in.
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
set(CPACK_PACKAGE_CHECKSUM SHA256)

if(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
    set(CPACK_NSIS_DISPLAY_NAME "PushScope ${PROJECT_VERSION}")
    set(CPACK_NSIS_PACKAGE_NAME "PushScope")
    set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\pushscope.exe")
    set(CPACK_NSIS_MUI_FINISHPAGE_RUN "pushscope.exe")
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
    set(CPACK_DMG_VOLUME_NAME "PushScope")
    set(CPACK_DMG_FORMAT "UDZO")
else()
    set(CPACK_GENERATOR "DEB;TGZ")
    set(CPACK_PACKAGE_FILE_NAME
        "pushscope-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
    # Debian: pushscope_<version>_<arch>.deb, libraries found by dpkg-shlibdeps.
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
    set(CPACK_DEBIAN_PACKAGE_SECTION "net")
    set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # Plugins are not linked, so dpkg-shlibdeps cannot see them: xcb platform, SVG icons.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6")
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "prometheus-pushgateway, prometheus")
endif()

include(CPack)
