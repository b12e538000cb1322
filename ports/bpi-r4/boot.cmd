# SPDX-License-Identifier: BSD-2-Clause
#
# U-Boot script for the Tessera reference kernel on the BPI-R4.  Compiled
# into boot.scr with mkimage (see docs/booting.md).  It loads the FIT from
# the partition the script came from (U-Boot's distro boot sets devtype,
# devnum and distro_bootpart), or over TFTP when tessera_tftp is set, and
# boots it with bootm.  Settable first: tessera_fit (file name),
# tessera_bootargs (kernel command line), tessera_load (a command that has
# already been run to put the FIT at ${loadaddr}).

if test -z "${loadaddr}"; then setenv loadaddr 0x50000000; fi
if test -z "${tessera_fit}"; then setenv tessera_fit tessera-bpi-r4.itb; fi
setenv bootargs "${tessera_bootargs}"

if test -n "${tessera_load}"; then
	run tessera_load
elif test -n "${tessera_tftp}"; then
	tftpboot ${loadaddr} ${tessera_fit}
else
	load ${devtype} ${devnum}:${distro_bootpart} ${loadaddr} ${tessera_fit}
fi

echo "Tessera: booting ${tessera_fit} from ${loadaddr}"
bootm ${loadaddr}
