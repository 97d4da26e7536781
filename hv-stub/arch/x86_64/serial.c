// SPDX-License-Identifier: GPL-2.0
/*
 * The serial ports, 16550 UARTs, polled.  COM1 is the hypervisor console:
 * output only goes through console_write(); input is polled by the
 * console back end.  COM2, when the machine has one, is the toolstack's
 * control channel (core/control.c).
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/console.h>

#define COM1		0x3f8
#define COM2		0x2f8
#define UART_THR	0
#define UART_RBR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_SCR	7
#define UART_DLL	0
#define UART_DLM	1
#define LSR_DR		0x01
#define LSR_THRE	0x20

static bool com2_present;

/* @fcr: FIFOs on and cleared, and the receive trigger level */
static void uart_init(u16 base, u8 fcr)
{
	port_out8(base + UART_IER, 0);
	port_out8(base + UART_LCR, 0x80);	/* divisor latch */
	port_out8(base + UART_DLL, 1);	/* 115200 baud */
	port_out8(base + UART_DLM, 0);
	port_out8(base + UART_LCR, 0x03);	/* 8n1 */
	port_out8(base + UART_FCR, fcr);
	port_out8(base + UART_MCR, 0x03);
}

void serial_init(void)
{
	uart_init(COM1, 0x07);
}

/* A UART answers in its scratch register; no device reads all ones. */
bool serial2_init(void)
{
	port_out8(COM2 + UART_SCR, 0x5a);
	if (port_in8(COM2 + UART_SCR) != 0x5a)
		return false;
	/* trigger at 14 bytes: QEMU then moves input in bursts, not bytes */
	uart_init(COM2, 0xc7);
	com2_present = true;
	return true;
}

static void uart_putc(u16 base, char c)
{
	int spin = 100000;

	while (!(port_in8(base + UART_LSR) & LSR_THRE) && --spin)
		;
	port_out8(base + UART_THR, c);
}

static void uart_write(u16 base, const char *s, size_t len)
{
	for (; len; len--, s++) {
		if (*s == '\n')
			uart_putc(base, '\r');
		uart_putc(base, *s);
	}
}

static int uart_getc(u16 base)
{
	if (!(port_in8(base + UART_LSR) & LSR_DR))
		return -1;
	return port_in8(base + UART_RBR);
}

void console_write(const char *s, size_t len)
{
	uart_write(COM1, s, len);
}

int serial_getc(void)
{
	return uart_getc(COM1);
}

void serial2_write(const char *s, size_t len)
{
	if (com2_present)
		uart_write(COM2, s, len);
}

int serial2_getc(void)
{
	return com2_present ? uart_getc(COM2) : -1;
}
